#!/usr/bin/env python3
"""Generates the populate-var benchmark: a base root (users, groups, a 1,000-file factory tree) and a tmpfiles.d
file of N mixed lines: d with owners, f with content, L, z on created paths, and one C of the factory tree."""
import os, sys

base, conf, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(os.path.join(base, "etc"), exist_ok=True)
users = [f"u{i}" for i in range(50)]
with open(os.path.join(base, "etc/passwd"), "w") as f:
    f.write("root:x:0:0:root:/root:/bin/sh\n")
    for i, u in enumerate(users):
        f.write(f"{u}:x:{2000 + i}:{3000 + i}::/:/usr/sbin/nologin\n")
with open(os.path.join(base, "etc/group"), "w") as f:
    f.write("root:x:0:\n")
    for i, u in enumerate(users):
        f.write(f"{u}:x:{3000 + i}:\n")
with open(os.path.join(base, "etc/machine-id"), "w") as f:
    f.write("0123456789abcdef0123456789abcdef\n")
factory = os.path.join(base, "usr/share/factory/var/lib/factory")
for i in range(1000):
    d = os.path.join(factory, f"pkg{i // 50:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i:04d}.conf"), "w") as f:
        f.write(f"setting{i}=default\n" * 4)

lines = ["C /var/lib/bench/factory 0755 u1 u1 - /usr/share/factory/var/lib/factory"]
dirs = []
i = 0
while len(lines) < n:
    k = i % 10
    top = f"/var/lib/bench/d{i // 100:03d}"
    if k < 4:
        p = f"{top}/s{i:05d}"
        dirs.append(p)
        lines.append(f"d {p} 0750 {users[i % 50]} {users[(i + 1) % 50]} -")
    elif k < 7:
        lines.append(f"f {top}/f{i:05d}.conf 0640 {users[i % 50]} - - key={i}\\nvalue=%m\\n")
    elif k < 9:
        lines.append(f"L {top}/l{i:05d} - - - - ../f{i:05d}.conf")
    else:
        lines.append(f"z {dirs[i % len(dirs)]} 0755 {users[(i + 7) % 50]} - -")
    i += 1
with open(conf, "w") as f:
    f.write("\n".join(lines[:n]) + "\n")
