#!/usr/bin/env python3
"""Generates a deterministic root of N entries: nested dirs, small files, symlinks."""
import os, sys

root, n = sys.argv[1], int(sys.argv[2])
os.makedirs(root, exist_ok=True)
count, d = 0, 0
while count < n:
    top = os.path.join(root, "var", "lib", f"pkg{d // 20:03d}", f"dir{d:04d}")
    os.makedirs(top, exist_ok=True)
    count += 1
    for i in range(200):
        if count >= n:
            break
        p = os.path.join(top, f"file-{i:03d}.conf")
        if i % 10 == 9:
            os.symlink(f"file-{i - 1:03d}.conf", p)
        else:
            with open(p, "w") as f:
                f.write(f"key{i}=value{d}\n")
            if i % 7 == 0:
                os.chmod(p, 0o640)
        count += 1
    d += 1
