#!/usr/bin/env bash
# Image benchmark: rootfs:image's core for squashfs (ImageService: our tar stream into sqfstar, in-process on a
# warm JVM) against `mksquashfs ROOT IMAGE` of the same generated root run as root, same squashfs-tools, same
# compression (gzip), both writing a real file. Prints each run, the medians, and
#   RESULT image-squashfs: ours X s, mksquashfs Y s, ratio Z   (target: at most 1.1)
#
# Usage: bench/image-bench.sh [RUNS] [FILES] [BYTES]
#   RUNS default 5; FILES and BYTES size the generated root (default 100000 files, ~1 GB, as bench/gen-root.py
#   makes it; smaller values give a smaller root in its own directory under bench/work/).
# Tools: ROOTFS_IMAGE_TOOLS_DIR (e.g. /opt/image-tools/bin from src/test/tools/fetch-image-tools.sh) is used for
# both sides when set, else the PATH's.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
FILES=${2:-100000}
BYTES=${3:-1000000000}
WORK=bench/work
ROOT=$WORK/image-root-$FILES-$BYTES
TOOLS=${ROOTFS_IMAGE_TOOLS_DIR:-}
MKSQUASHFS=${TOOLS:+$TOOLS/}mksquashfs
mkdir -p "$WORK"

if [ ! -f "$ROOT.done" ]; then
  echo "generating $ROOT ($FILES files, ~$BYTES bytes)..."
  rm -rf "$ROOT"
  python3 bench/gen-root.py "$ROOT" "$FILES" "$BYTES"
  touch "$ROOT.done"
fi
echo "root: $(find "$ROOT" -type f | wc -l) files, $(du -sh --apparent-size "$ROOT" | cut -f1)"
echo "squashfs-tools: $("$MKSQUASHFS" -version 2>&1 | head -1)"

if [ ! -f target/test-classes/dev/rootfs/bench/ImageBench.class ]; then
  mvn -B -ntp -q test-compile
fi
mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat "$WORK/cp.txt")"

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# warm the page cache
"$MKSQUASHFS" "$ROOT" "$WORK/ref.squashfs" -noappend -comp gzip -quiet -no-progress >/dev/null

echo "mksquashfs DIR as root ($RUNS runs):"
: > "$WORK/mksquashfs.times"
for i in $(seq 1 "$RUNS"); do
  t0=$(now); "$MKSQUASHFS" "$ROOT" "$WORK/ref.squashfs" -noappend -comp gzip -quiet -no-progress >/dev/null; t1=$(now)
  t=$(awk "BEGIN {print $t1 - $t0}"); printf "run %d: %.3f s\n" "$i" "$t"; echo "$t" >> "$WORK/mksquashfs.times"
done
REF=$(median < "$WORK/mksquashfs.times")

echo "rootfs image (squashfs), in-process, warm JVM ($RUNS runs after 1 warm-up):"
rm -f "$WORK/bench-metadata.mtree"
java -cp "$CP" dev.rootfs.bench.ImageBench "$ROOT" "$WORK/ours.squashfs" gzip "$RUNS" 1 ${TOOLS:+"$TOOLS"} \
  | tee "$WORK/ours.out"
OURS=$(awk '/^median:/ {print $2}' "$WORK/ours.out")

echo "sizes: mksquashfs $(stat -c %s "$WORK/ref.squashfs") bytes, ours $(stat -c %s "$WORK/ours.squashfs") bytes"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "RESULT image-squashfs: ours %.3f s, mksquashfs %.3f s, ratio %.2f (target <= 1.10)\n" \
  "$OURS" "$REF" "$(awk "BEGIN {print $OURS / $REF}")"
