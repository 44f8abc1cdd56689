#!/usr/bin/env bash
# populate-var on a generated workload of LINES mixed tmpfiles.d lines (d, f with content, L, z on created paths,
# and a C of a 1,000-file factory tree, with owners) applied to a fresh root: the goal's core in-process on a warm
# JVM with -Xmx256m against `systemd-tmpfiles --create --boot --root` on the same input (whole process, as root so
# that it chowns like ours). Prints medians of RUNS runs, the ratio (target: at most 0.5) and our peak heap
# (target: at most 256 MB). Usage: bench/populate-var-bench.sh [LINES] [RUNS]   (run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-20000}
runs=${2:-5}
work=bench/work/populate-var
rm -rf "$work" && mkdir -p "$work"
python3 bench/gen-tmpfiles.py "$work/base" "$work/bench.conf" "$lines"
echo "workload: $(wc -l < "$work/bench.conf") lines, $(find "$work/base" -type f | wc -l) files in the base root"

mvn -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/classes:$(cat "$work/cp.txt")"

times=()
for i in $(seq $(( runs + 1 ))); do
  rm -rf "$work/ref" && cp -a "$work/base" "$work/ref"
  s=$(date +%s.%N)
  env -u TMPDIR -u CREDENTIALS_DIRECTORY systemd-tmpfiles --create --boot --root="$work/ref" --prefix=/var \
    "$PWD/$work/bench.conf"
  e=$(date +%s.%N)
  if [ "$i" -gt 1 ]; then   # the first run warms the page cache, as our warm-up does
    t=$(echo "$e - $s" | bc -l)
    printf 'systemd-tmpfiles run %d: %.3f s\n' "$(( i - 1 ))" "$t"
    times+=("$t")
  fi
done
rm -rf "$work/ref"
ref=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
printf 'systemd-tmpfiles median: %.4f\n' "$ref"

out=$(java -Xmx256m -cp "$cp" bench/PopulateVarBench.java "$work/base" "$work/bench.conf" "$work/ours" "$runs" \
  | tee /dev/stderr)
ours=$(echo "$out" | awk '/ours median/ {print $3}')
heap=$(echo "$out" | awk '/ours peak heap/ {print $4}')
ratio=$(echo "$ours / $ref" | bc -l)
printf 'RESULT populate-var: ours %.4f s, systemd-tmpfiles %.4f s, ratio %.2f (target <= 0.5), peak heap %s MB (target <= 256)\n' \
  "$ours" "$ref" "$ratio" "$heap"

rm -rf "$work/mvn" && cp -a "$work/base" "$work/mvn"
s=$(date +%s.%N)
mvn -B -ntp -q dev.rootfs:rootfs-maven-plugin:0.1.0-SNAPSHOT:populate-var -Drootfs.directory="$PWD/$work/mvn" \
  -Drootfs.metadata="$PWD/$work/mvn.mtree" -Drootfs.reportsDirectory="$PWD/$work/mvn-reports" \
  -Drootfs.configFiles="$PWD/$work/bench.conf" -Drootfs.systemdVersion=257 >/dev/null 2>&1 && \
  printf 'whole mvn invocation (JVM start, plugin load, one run): %.2f s\n' "$(echo "$(date +%s.%N) - $s" | bc -l)" || \
  echo "whole mvn invocation: skipped (run 'mvn install -DskipTests' first to install the plugin)"
