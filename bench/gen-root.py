#!/usr/bin/env python3
"""Generates the benchmark root: FILES files of SIZE_AVG bytes on average (sizes 0..2*avg) in 1,000
directories, deterministic content from a fixed seed. Usage: gen-root.py DIR [FILES] [TOTAL_BYTES]."""
import os
import random
import sys

root = sys.argv[1]
files = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
total = int(sys.argv[3]) if len(sys.argv) > 3 else 1 << 30
rng = random.Random(42)
blob = rng.randbytes(4 << 20)
avg = total // files
dirs = 1000
for d in range(dirs):
    os.makedirs(os.path.join(root, "usr", "share", f"pkg{d // 100:02d}", f"d{d:04d}"), exist_ok=True)
for i in range(files):
    size = rng.randint(0, 2 * avg)
    start = rng.randint(0, len(blob) - size - 1)
    d = i % dirs
    p = os.path.join(root, "usr", "share", f"pkg{d // 100:02d}", f"d{d:04d}", f"file{i:06d}.dat")
    with open(p, "wb") as f:
        f.write(blob[start:start + size])
