#!/usr/bin/env bash
# Stage benchmark: rootfs:stage's core (StageService with one archive layer, in-process on a warm JVM limited to
# a 256 MB heap) against GNU tar -xpf of the same uncompressed tar, both as root (owners applied), both into an
# empty directory on the same file system. The tar is made from a generated root (default ~1 GB in 100,000
# files). Prints each run, the medians, the peak heap and
#   RESULT stage: ours X s, tar Y s, ratio Z   (target: ratio at most 1.2)
#
# Usage: bench/stage-bench.sh [RUNS] [FILES] [BYTES]   (defaults 5, 100000, 1073741824; work under bench/work/)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
FILES=${2:-100000}
BYTES=${3:-1073741824}
WORK=bench/work/stage-$FILES-$BYTES
mkdir -p "$WORK"

if [ "$(id -u)" != 0 ]; then
  echo "run as root: GNU tar -xpf applies owners only as root, and so does the stage goal" >&2
  exit 1
fi
if [ ! -f "$WORK/root.tar" ]; then
  echo "generating a root of $FILES files, $BYTES bytes and its tar..."
  rm -rf "$WORK/src"
  python3 bench/gen-root.py "$WORK/src" "$FILES" "$BYTES"
  tar -cf "$WORK/root.tar.partial" -C "$WORK/src" .
  mv "$WORK/root.tar.partial" "$WORK/root.tar"
  rm -rf "$WORK/src"
fi
echo "archive: $(tar -tf "$WORK/root.tar" | wc -l) entries, $(stat -c %s "$WORK/root.tar") bytes"

if [ ! -f target/test-classes/dev/rootfs/bench/StageBench.class ]; then
  mvn -B -ntp -q test-compile
fi
mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat "$WORK/cp.txt")"

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

cat "$WORK/root.tar" > /dev/null # the same warm page cache for both
echo "GNU tar -xpf ($RUNS runs):"
: > "$WORK/tar.times"
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/tar-out"; mkdir "$WORK/tar-out"; sync
  t0=$(now); tar -xpf "$WORK/root.tar" -C "$WORK/tar-out"; t1=$(now)
  t=$(awk "BEGIN {print $t1 - $t0}"); printf "run %d: %.3f s\n" "$i" "$t"; echo "$t" >> "$WORK/tar.times"
done
rm -rf "$WORK/tar-out"
TAR_MEDIAN=$(median < "$WORK/tar.times")

echo "rootfs stage, in-process, warm JVM, -Xmx256m ($RUNS runs after 1 warm-up):"
java -Xmx256m -cp "$CP" dev.rootfs.bench.StageBench "$WORK/root.tar" "$WORK/ours/rootfs" "$RUNS" 1 \
  | tee "$WORK/ours.out"
OURS_MEDIAN=$(awk '/^median:/ {print $2}' "$WORK/ours.out")
rm -rf "$WORK/ours"

printf "RESULT stage: ours %.3f s, tar %.3f s, ratio %.2f\n" "$OURS_MEDIAN" "$TAR_MEDIAN" \
  "$(awk "BEGIN {print $OURS_MEDIAN / $TAR_MEDIAN}")"
