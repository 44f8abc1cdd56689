#!/usr/bin/env bash
# Manifest listing (no digests) of a generated 100,000-entry tree: the goal's core in-process on a warm JVM
# against `find DIR -printf '%p %m %U %G %l\n'` on the same tree. Prints medians of RUNS runs and the ratio
# (target: at most 1.5). Usage: bench/manifest-bench.sh [ENTRIES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-100000}
runs=${2:-5}
work=bench/work/manifest
rm -rf "$work" && mkdir -p "$work/out"
python3 bench/gen-tree.py "$work/root" "$entries"
echo "tree: $(find "$work/root" | wc -l) entries"

mvn -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/classes:$(cat "$work/cp.txt")"

find "$work/root" -printf '%p %m %U %G %l\n' >/dev/null   # warm the page cache like ours
times=()
for i in $(seq "$runs"); do
  s=$(date +%s.%N)
  find "$work/root" -printf '%p %m %U %G %l\n' > "$work/find.out"
  e=$(date +%s.%N)
  t=$(echo "$e - $s" | bc -l)
  printf 'find run %d: %.3f s\n' "$i" "$t"
  times+=("$t")
done
find_median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
printf 'find median: %.4f\n' "$find_median"

ours=$(java -cp "$cp" bench/ManifestBench.java "$work/root" "$work/out" "$runs" | tee /dev/stderr | awk '/ours median/ {print $3}')
ratio=$(echo "$ours / $find_median" | bc -l)
printf 'RESULT manifest: ours %.4f s, find %.4f s, ratio %.2f (target <= 1.5)\n' "$ours" "$find_median" "$ratio"

s=$(date +%s.%N)
mvn -B -ntp -q dev.rootfs:rootfs-maven-plugin:0.1.0-SNAPSHOT:manifest -Drootfs.directory="$PWD/$work/root" \
  -Drootfs.metadata="$PWD/$work/out/mvn.mtree" -Drootfs.manifest="$PWD/$work/out/mvn-manifest.mtree" \
  -Drootfs.digests=false -Drootfs.applyOwnership=never >/dev/null 2>&1 && \
  printf 'whole mvn invocation (JVM start, plugin load, one run): %.2f s\n' "$(echo "$(date +%s.%N) - $s" | bc -l)" || \
  echo "whole mvn invocation: skipped (run 'mvn install -DskipTests' first to install the plugin)"
