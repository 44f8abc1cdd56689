#!/usr/bin/env bash
# Archive benchmark: rootfs:archive's core (ArchiveService, in-process on a warm JVM) against GNU tar -cf of
# the same generated root (~1 GB in 100,000 files), no compression on either side, both writing a real file.
# Prints each run, the medians and the ratio ours/tar (target: at most 1.3).
#
# Usage: bench/archive-vs-tar.sh [RUNS]   (default 5; the root is generated once under bench/work/)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
WORK=bench/work
ROOT=$WORK/root
mkdir -p "$WORK"

if [ ! -f "$WORK/root.done" ]; then
  echo "generating $ROOT (100,000 files, ~1 GB)..."
  rm -rf "$ROOT"
  python3 bench/gen-root.py "$ROOT"
  touch "$WORK/root.done"
fi
echo "root: $(find "$ROOT" -type f | wc -l) files, $(du -sh --apparent-size "$ROOT" | cut -f1)"

if [ ! -f target/test-classes/dev/rootfs/bench/ArchiveBench.class ]; then
  mvn -B -ntp -q test-compile
fi
mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat "$WORK/cp.txt")"

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# warm the page cache (GNU tar skips reading when writing to /dev/null, so write a file)
tar -cf "$WORK/gnu.tar" -C "$ROOT" .

echo "GNU tar -cf ($RUNS runs):"
: > "$WORK/tar.times"
for i in $(seq 1 "$RUNS"); do
  t0=$(now); tar -cf "$WORK/gnu.tar" -C "$ROOT" .; t1=$(now)
  t=$(awk "BEGIN {print $t1 - $t0}"); printf "run %d: %.3f s\n" "$i" "$t"; echo "$t" >> "$WORK/tar.times"
done
TAR_MEDIAN=$(median < "$WORK/tar.times")

echo "rootfs archive, in-process, warm JVM ($RUNS runs after 2 warm-ups):"
java -cp "$CP" dev.rootfs.bench.ArchiveBench "$ROOT" "$WORK/ours.tar" "$RUNS" 2 | tee "$WORK/ours.out"
OURS_MEDIAN=$(awk '/^median:/ {print $2}' "$WORK/ours.out")

echo "sizes: gnu.tar $(stat -c %s "$WORK/gnu.tar") bytes, ours.tar $(stat -c %s "$WORK/ours.tar") bytes"
printf "median GNU tar: %.3f s\nmedian rootfs archive: %.3f s\nratio (rootfs/tar): %.2f (target <= 1.30)\n" \
  "$TAR_MEDIAN" "$OURS_MEDIAN" "$(awk "BEGIN {print $OURS_MEDIAN / $TAR_MEDIAN}")"
