#!/usr/bin/env bash
# generate-factory on a generated /var of 100,000 entries, two ratios of medians (targets at most 1.5 each):
#  1. the goal's core in-process on a warm JVM against `find var -printf '%p %m %U %G\n'` over the same tree;
#  2. applying the generated conf with the real systemd-tmpfiles (--create --boot --root, /var empty) against
#     `cp -a` of the factory tree: the conf must not slow the boot.
# Usage: bench/factory-bench.sh [ENTRIES] [RUNS] [SYSTEMD_VERSION]  (version 252: the host's tmpfiles;
# 257: unpacked by src/test/tools/fetch-systemd-tmpfiles-257.sh). Needs root for tmpfiles' chown.
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-100000}
runs=${2:-5}
version=${3:-252}
work=$PWD/bench/work/factory
median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }
timeit() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

rm -rf "$work" && mkdir -p "$work"
python3 bench/gen-tree.py "$work/root" "$entries"
echo "tree: $(find "$work/root/var" | wc -l) entries under /var"
if [ "$version" = 252 ]; then
  tmpfiles=(systemd-tmpfiles)
else
  d=${SYSTEMD_TMPFILES_257_DIR:-$PWD/target/systemd-tmpfiles-257}
  sh src/test/tools/fetch-systemd-tmpfiles-257.sh "$d" >/dev/null
  tmpfiles=("$d/usr/lib64/ld-linux-x86-64.so.2" --library-path "$d/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu"
            "$d/usr/bin/systemd-tmpfiles")
fi
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"

(cd "$work/root" && find var -printf '%p %m %U %G\n' >/dev/null)
find_times=$(for i in $(seq "$runs"); do (cd "$work/root" && timeit find var -printf '%p %m %U %G\n'); done)
find_median=$(echo "$find_times" | median)
printf 'find median: %.4f\n' "$find_median"

ours=$(java -cp "$cp" dev.rootfs.bench.FactoryBench "$work/root" "$work" "$runs" "$version" | tee /dev/stderr \
  | awk '/ours median/ {print $3}')
printf 'RESULT factory core: ours %.4f s, find %.4f s, ratio %.2f (target <= 1.5)\n' "$ours" "$find_median" \
  "$(echo "$ours / $find_median" | bc -l)"

# the root is now moved: an empty /var, the factory and the conf; time tmpfiles against cp -a
cp_times=$(for i in $(seq "$runs"); do rm -rf "$work/cp-copy"; sync; timeit cp -a "$work/root/usr/share/factory/var" "$work/cp-copy"; done)
cp_median=$(echo "$cp_times" | median)
tf_times=$(for i in $(seq "$runs"); do
  find "$work/root/var" -mindepth 1 -delete; sync
  timeit env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin "${tmpfiles[@]}" --create --boot --root="$work/root"
done)
tf_median=$(echo "$tf_times" | median)
test "$(find "$work/root/var" | wc -l)" -eq "$(find "$work/root/usr/share/factory/var" | wc -l)" \
  || { echo "tmpfiles did not recreate every entry" >&2; exit 1; }
printf 'cp -a median: %.4f\nsystemd-tmpfiles %s median: %.4f\n' "$cp_median" "$version" "$tf_median"
printf 'RESULT factory conf at boot (systemd %s): tmpfiles %.4f s, cp -a %.4f s, ratio %.2f (target <= 1.5)\n' \
  "$version" "$tf_median" "$cp_median" "$(echo "$tf_median / $cp_median" | bc -l)"
