#!/usr/bin/env bash
# its-on-maven.sh VERSION: runs the invoker ITs and the example firmware project with Maven VERSION instead of
# the machine's Maven, with plugin validation set to VERBOSE, and fails on any validation warning about this
# plugin. Maven itself comes from the configured Maven repository (org.apache.maven:apache-maven:VERSION, the
# bin tar.gz), unpacked under target/maven-versions (or $MAVEN_VERSIONS_DIR), so no download address is named.
set -euo pipefail
version=${1:?usage: its-on-maven.sh VERSION}
cd "$(dirname "$0")/../../.."
dir=${MAVEN_VERSIONS_DIR:-$PWD/target/maven-versions}
home=$dir/apache-maven-$version
if [ ! -x "$home/bin/mvn" ]; then
    mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
        -Dartifact="org.apache.maven:apache-maven:$version:tar.gz:bin" -DoutputDirectory="$dir"
fi
"$home/bin/mvn" --version | head -1

# The machine's Maven builds the plugin and installs it into target/local-repo; every IT then runs on $version.
# The ITs' logs are kept per version, so a failure names the version.
mvn -B -ntp verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dinvoker.mavenHome="$home" -Dinvoker.mavenOpts="-Dmaven.plugin.validation=VERBOSE" \
    -Dinvoker.reportsDirectory="$PWD/target/invoker-reports-$version" ${INVOKER_TEST:+-Dinvoker.test=$INVOKER_TEST}

# The example firmware project, as a user runs it, with the plugin from the ITs' repository.
rm -rf examples/firmware/target
"$home/bin/mvn" -B -ntp -Dmaven.repo.local="$PWD/target/local-repo" -Dmaven.plugin.validation=VERBOSE \
    -f examples/firmware/pom.xml package | tee "target/example-on-maven-$version.log"
test -s examples/firmware/target/rootfs.tar

# Maven 3.9+ lists plugins with validation issues after the build; this plugin must not be among them.
bad=$(grep -l -A20 'Plugin validation issues' target/it/*/build.log "target/example-on-maven-$version.log" 2>/dev/null \
    | xargs -r grep -A20 'Plugin validation issues' | grep 'rootfs-maven-plugin' || true)
if [ -n "$bad" ]; then
    echo "Maven $version reports validation issues of this plugin:" >&2
    echo "$bad" >&2
    exit 1
fi
echo "Maven $version: ITs, example and plugin validation passed"
