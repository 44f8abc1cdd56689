package dev.rootfs.fs;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the metadata records for one target path. A null field is "not recorded": the value on disk (or the
 * fakeroot default 0:0) counts.
 *
 * @param path     normalised target path ("/var/log"; the root is "/")
 * @param type     node type, or null
 * @param mode     permission bits including 07000, or null
 * @param uid      owner id, or null
 * @param gid      group id, or null
 * @param uname    owner name as the target names it, or null
 * @param gname    group name, or null
 * @param link     symlink target, or null
 * @param devMajor device major of char/block nodes, or null
 * @param devMinor device minor, or null
 * @param xattrs   extended attributes, name to base64 value (ACLs are system.posix_acl_* ones)
 * @param sha256   content digest, only in canonical listings
 */
public record MetaEntry(String path, FileType type, Integer mode, Long uid, Long gid, String uname, String gname,
        String link, Long devMajor, Long devMinor, SortedMap<String, String> xattrs, String sha256) {

    public MetaEntry {
        xattrs = xattrs == null || xattrs.isEmpty() ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    public static MetaEntry of(String path) {
        return new MetaEntry(path, null, null, null, null, null, null, null, null, null, null, null);
    }

    public MetaEntry withPath(String p) {
        return new MetaEntry(p, type, mode, uid, gid, uname, gname, link, devMajor, devMinor, xattrs, sha256);
    }

    public MetaEntry withType(FileType t) {
        return new MetaEntry(path, t, mode, uid, gid, uname, gname, link, devMajor, devMinor, xattrs, sha256);
    }

    public MetaEntry withMode(Integer m) {
        return new MetaEntry(path, type, m, uid, gid, uname, gname, link, devMajor, devMinor, xattrs, sha256);
    }

    public MetaEntry withOwner(Long u, String un) {
        return new MetaEntry(path, type, mode, u, gid, un, gname, link, devMajor, devMinor, xattrs, sha256);
    }

    public MetaEntry withGroup(Long g, String gn) {
        return new MetaEntry(path, type, mode, uid, g, uname, gn, link, devMajor, devMinor, xattrs, sha256);
    }

    public MetaEntry withLink(String l) {
        return new MetaEntry(path, type, mode, uid, gid, uname, gname, l, devMajor, devMinor, xattrs, sha256);
    }

    public MetaEntry withDevice(Long major, Long minor) {
        return new MetaEntry(path, type, mode, uid, gid, uname, gname, link, major, minor, xattrs, sha256);
    }

    public MetaEntry withXattrs(SortedMap<String, String> x) {
        return new MetaEntry(path, type, mode, uid, gid, uname, gname, link, devMajor, devMinor, x, sha256);
    }

    public MetaEntry withSha256(String d) {
        return new MetaEntry(path, type, mode, uid, gid, uname, gname, link, devMajor, devMinor, xattrs, d);
    }

    /** Fields recorded here replace those of {@code base}; fields left null keep the base's value. */
    public MetaEntry over(MetaEntry base) {
        return new MetaEntry(path, pick(type, base.type), pick(mode, base.mode), pick(uid, base.uid),
                pick(gid, base.gid), pick(uname, base.uname), pick(gname, base.gname), pick(link, base.link),
                pick(devMajor, base.devMajor), pick(devMinor, base.devMinor),
                xattrs.isEmpty() ? base.xattrs : xattrs, pick(sha256, base.sha256));
    }

    private static <T> T pick(T mine, T theirs) {
        return mine != null ? mine : theirs;
    }
}
