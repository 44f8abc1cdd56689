# Runs the plugin's goals on a staged root the way a firmware project does: `mvn package` of a pom that uses
# the plugin from this build. Sourced.

# The plugin version of this build, from the repository's pom (its first <version> is the project's).
plugin_version() {
    sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$BOOT_ROOT_DIR/pom.xml" | head -n 1
}

# install_plugin: puts the plugin of this checkout into the local Maven repository, where firmware poms find it.
install_plugin() {
    log "installing the plugin of this checkout (mvn install -DskipTests -Dinvoker.skip)"
    run_logged "$BOOT_WORK/plugin-install.log" "building and installing the plugin failed" \
        mvn -B -ntp -f "$BOOT_ROOT_DIR/pom.xml" install -DskipTests -Dinvoker.skip
}

# plugin_has_goal GOAL: whether the plugin of this build (its descriptor in target/classes) has the goal.
plugin_has_goal() {
    local descriptor="$BOOT_ROOT_DIR/target/classes/META-INF/maven/plugin.xml"
    [ -f "$descriptor" ] || die "no plugin descriptor at $descriptor: the plugin has not been built"
    grep -q "<goal>$1</goal>" "$descriptor"
}

# require_goals GOAL...: fails, naming them, when the plugin of this build lacks any of the goals.
require_goals() {
    local goal missing=()
    for goal in "$@"; do
        plugin_has_goal "$goal" || missing+=("$goal")
    done
    [ "${#missing[@]}" -eq 0 ] || die "goal not available: ${missing[*]} (not in the plugin of this build)"
}

# firmware_build DIR "GOAL..." [-Drootfs.NAME=VALUE...]: writes DIR/pom.xml with the goals (then manifest) and
# runs `mvn package` on the root DIR/rootfs with the metadata DIR/rootfs.mtree. The canonical listing of the
# result lands in DIR/rootfs-manifest.mtree.
firmware_build() {
    local dir=$1 goals=$2
    shift 2
    # shellcheck disable=SC2086 # the goals are one word each
    require_goals $goals manifest
    local goal lines=""
    for goal in $goals manifest; do
        lines+="              <goal>$goal</goal>"$'\n'
    done
    awk -v goals="${lines%$'\n'}" -v version="$(plugin_version)" \
        '{ gsub(/@PLUGIN_VERSION@/, version) } /^@GOALS@$/ { print goals; next } { print }' \
        "$BOOT_ROOT_DIR/src/boot/firmware/pom.xml" >"$dir/pom.xml"
    local start
    start=$(now)
    run_logged "$dir/firmware-build.log" "the firmware build ($goals manifest) failed" \
        mvn -B -ntp -f "$dir/pom.xml" package \
        -Drootfs.directory="$dir/rootfs" -Drootfs.metadata="$dir/rootfs.mtree" \
        -Drootfs.manifest="$dir/rootfs-manifest.mtree" -Drootfs.reportsDirectory="$dir/rootfs-reports" "$@"
    log "firmware build ($goals manifest${*:+ $*}) done in $(elapsed "$start")s"
}
