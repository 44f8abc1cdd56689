#!/usr/bin/env bash
# No-change rebuild: a firmware project whose root is staged from a generated base archive of ENTRIES entries
# (bench/gen-tree.py, as a tar), then populate-var, generate-factory, archive and manifest run on it. `mvn package`
# runs twice with nothing changed; from Maven's timestamped log the script takes the time the rootfs goals took in
# each build (from the first rootfs goal's start to the end of the build) and prints the ratio of the second to
# the first (target: at most 0.10), the median over RUNS pairs. Needs the plugin installed
# (`mvn install -DskipTests -Dinvoker.skip`). Usage: bench/rebuild-bench.sh [ENTRIES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-100000}
runs=${2:-3}
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -1)
work=$PWD/bench/work/rebuild
rm -rf "$work" && mkdir -p "$work/project" "$work/base"
python3 bench/gen-tree.py "$work/base" "$entries"
mkdir -p "$work/base/etc" "$work/base/usr/lib/tmpfiles.d"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$work/base/etc/passwd"
printf 'root:x:0:\n' > "$work/base/etc/group"
printf 'd /var/lib/app 0750 root root -\nd /var/log/app 0755 root root -\n' > "$work/base/usr/lib/tmpfiles.d/app.conf"
tar -C "$work/base" -cf "$work/project/base.tar" .
echo "base archive: $(tar -tf "$work/project/base.tar" | wc -l) entries, $(du -h "$work/project/base.tar" | cut -f1)"

cat > "$work/project/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>rebuild</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <properties><project.build.outputTimestamp>2025-01-01T00:00:00Z</project.build.outputTimestamp></properties>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.rootfs</groupId>
        <artifactId>rootfs-maven-plugin</artifactId>
        <version>$version</version>
        <configuration>
          <applyOwnership>never</applyOwnership>
          <systemdVersion>252</systemdVersion>
        </configuration>
        <executions>
          <execution>
            <id>stage</id>
            <goals><goal>stage</goal></goals>
            <configuration>
              <layers><layer><archive>\${project.basedir}/base.tar</archive></layer></layers>
            </configuration>
          </execution>
          <execution>
            <id>rootfs</id>
            <goals>
              <goal>populate-var</goal><goal>generate-factory</goal><goal>archive</goal><goal>manifest</goal>
            </goals>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
POM

# seconds from the first rootfs goal to BUILD SUCCESS in a log with millisecond timestamps
goal_seconds() {
    python3 - "$1" <<'PY'
import re, sys
from datetime import datetime
start = end = None
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.match(r'(\d\d:\d\d:\d\d\.\d\d\d) ', line)
    if not m:
        continue
    t = datetime.strptime(m.group(1), '%H:%M:%S.%f')
    if start is None and re.search(r'--- (rootfs|rootfs-maven-plugin):', line):
        start = t
    if 'BUILD SUCCESS' in line:
        end = t
print('%.3f' % (end - start).total_seconds())
PY
}
mvn_package() {
    (cd "$work/project" && mvn -B -ntp -o package -Dorg.slf4j.simpleLogger.showDateTime=true \
        -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS > "$1" 2>&1) || { tail -30 "$1"; exit 1; }
}
firsts=() seconds=() ratios=()
for i in $(seq "$runs"); do
    rm -rf "$work/project/target"
    mvn_package "$work/first.log"
    mvn_package "$work/second.log"
    grep -c ': up to date' "$work/second.log" | grep -qx 5 || { echo "second build was not up to date"; exit 1; }
    f=$(goal_seconds "$work/first.log"); s=$(goal_seconds "$work/second.log")
    r=$(echo "$s / $f" | bc -l)
    printf 'run %d: first %.2f s, second %.2f s, ratio %.3f\n' "$i" "$f" "$s" "$r"
    firsts+=("$f"); seconds+=("$s"); ratios+=("$r")
done
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
printf 'RESULT rebuild: first build %.2f s, no-change rebuild %.2f s, ratio %.3f (target <= 0.10)\n' \
    "$(median "${firsts[@]}")" "$(median "${seconds[@]}")" "$(median "${ratios[@]}")"
