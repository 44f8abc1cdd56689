#!/usr/bin/env python3
"""tar-entries.py TAR: one line per entry of a tar archive, read with Python's tarfile (an implementation
independent of the project's): name, type, mode, uid, gid, size, content digest, link target, device numbers,
hard-link group and xattrs (GNU/star SCHILY.xattr raw values, libarchive's base64 LIBARCHIVE.xattr, and star's
SCHILY.acl text turned into the kernel's system.posix_acl_* value), sorted by name. Two archives of the same
tree print the same lines whatever tool wrote them."""
import base64, hashlib, struct, sys, tarfile, urllib.parse

TAGS = {"user": (1, 2), "u": (1, 2), "group": (4, 8), "g": (4, 8), "mask": (0x10, 0x10), "m": (0x10, 0x10),
        "other": (0x20, 0x20), "o": (0x20, 0x20)}


def acl_value(text):
    entries = []
    for item in text.replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        f = item.split(":")
        obj, named = TAGS[f[0]]
        tag = named if f[1] else obj
        qid = int(f[3]) if tag in (2, 8) else 0xFFFFFFFF
        perm = (4 if "r" in f[2] else 0) | (2 if "w" in f[2] else 0) | (1 if "x" in f[2] else 0)
        entries.append((tag, qid, perm))
    entries.sort()
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", t, p, i) for t, i, p in entries)


def name_of(n):
    n = n[2:] if n.startswith("./") else n
    n = n.rstrip("/")
    return n or "."


def main(path):
    digests, lines, groups = {}, {}, {}
    with tarfile.open(path, "r:*") as tar:
        for m in tar:
            name = name_of(m.name)
            x = {}
            for k, v in m.pax_headers.items():
                if k.startswith("SCHILY.xattr."):
                    x[k[13:]] = v.encode("utf-8", "surrogateescape")
                elif k.startswith("LIBARCHIVE.xattr."):
                    x[urllib.parse.unquote(k[17:])] = base64.b64decode(v + "=" * (-len(v) % 4))
                elif k == "SCHILY.acl.access":
                    x["system.posix_acl_access"] = acl_value(v)
                elif k == "SCHILY.acl.default":
                    x["system.posix_acl_default"] = acl_value(v)
            xs = " ".join(f"{k}={x[k].hex()}" for k in sorted(x))
            if m.islnk():
                target = name_of(m.linkname)
                leader = groups.get(target, target)
                groups[name] = leader
                kind, size, digest, link, dev = "file", None, None, "", ""
            else:
                kind = {tarfile.DIRTYPE: "dir", tarfile.SYMTYPE: "link", tarfile.CHRTYPE: "char",
                        tarfile.BLKTYPE: "block", tarfile.FIFOTYPE: "fifo"}.get(m.type, "file")
                size = m.size if kind == "file" else 0
                digest = ""
                if kind == "file":
                    h = hashlib.sha256()
                    f = tar.extractfile(m)
                    while True:
                        b = f.read(1 << 20)
                        if not b:
                            break
                        h.update(b)
                    digest = h.hexdigest()
                    digests[name] = (size, digest)
                link = m.linkname if kind == "link" else ""
                dev = f"{m.devmajor},{m.devminor}" if kind in ("char", "block") else ""
            lines[name] = [name, kind, oct(m.mode), m.uid, m.gid, size, digest, link, dev, xs]
    # hard links: every name of a group gets its data and the group's smallest name
    members = {}
    for n, leader in groups.items():
        members.setdefault(leader, {leader}).add(n)
    group_of = {}
    for leader, names in members.items():
        for n in names:
            group_of[n] = min(names)
    for n, l in lines.items():
        if l[5] is None:
            l[5], l[6] = digests[groups[n]]
    for n in sorted(lines):
        l = lines[n]
        print(" ".join(str(v) for v in l) + " group=" + group_of.get(n, ""))


main(sys.argv[1])
