# The steps every scenario is made of: stage a root with known content, run goals, build the image with the
# check inside, boot it and judge the result. Scenario files (src/boot/scenarios/) combine them. Sourced.

# Set by scenario_stage for the steps that follow.
S_SUITE='' S_NAME='' S_DIR='' S_ROOT='' S_MTREE=''

# scenario_stage SUITE NAME: a fresh copy of the suite's cached root in $BOOT_WORK/SUITE/NAME/rootfs, with the
# probe content under /var/lib/rootfs-check and /srv/rootfs-check and its metadata in rootfs.mtree.
scenario_stage() {
    S_SUITE=$1 S_NAME=$2
    S_DIR="$BOOT_WORK/$S_SUITE/$S_NAME"
    S_ROOT="$S_DIR/rootfs" S_MTREE="$S_DIR/rootfs.mtree"
    build_root "$S_SUITE"
    local start
    start=$(now)
    rm -rf "$S_DIR"
    stage_root "$ROOT_DIR" "$S_ROOT"
    { echo '#mtree'; add_probe_content "$S_ROOT" /var/lib/rootfs-check; add_probe_content "$S_ROOT" /srv/rootfs-check; } \
        | sort_mtree >"$S_MTREE"
    log "[$S_SUITE/$S_NAME] root staged in $(elapsed "$start")s"
}

# The header first, then the entries in path order, as the plugin writes metadata.
sort_mtree() {
    local header
    IFS= read -r header
    echo "$header"
    LC_ALL=C sort
}

# add_probe_content ROOT DIR: creates built content of every kind under DIR whose owners and special modes, and
# a device node, exist only in the metadata (printed as mtree lines), so the boot shows that the image took
# them from the metadata and that the /var handling keeps them.
add_probe_content() {
    local root=$1 dir=$2
    local d="$root$dir"
    mkdir -p "$d/shared" "$d/sticky"
    printf 'built by the image\n' >"$d/probe"
    printf 'image version A\n' >"$d/image-version"
    printf 'hidden\n' >"$d/.hidden"
    printf 'a name with spaces\n' >"$d/name with spaces"
    ln -s probe "$d/relative-link"
    ln -s "$dir/probe" "$d/absolute-link"
    mkfifo "$d/fifo"
    cat <<MTREE
.$dir type=dir mode=0755 uid=0 gid=0
.$dir/probe type=file mode=0640 uid=4242 gid=4242
.$dir/name\\040with\\040spaces type=file mode=0600 uid=4242 gid=0
.$dir/shared type=dir mode=2770 uid=4242 gid=4243
.$dir/sticky type=dir mode=1777 uid=0 gid=0
.$dir/fifo type=fifo mode=0620 uid=4242 gid=4242
.$dir/null type=char mode=0666 uid=0 gid=0 device=native,1,3
MTREE
}

# scenario_set_image_version TEXT: changes a built file, as a new release of the image would.
scenario_set_image_version() {
    printf '%s\n' "$1" >"$S_ROOT/var/lib/rootfs-check/image-version"
}

# scenario_image MOUNT...: installs the check for the given mounts, applies the metadata and builds the disk
# and boot files. Each MOUNT is PATH:FSTYPE:LOWER:SOURCE[:UPPERFS]: the mounted path, the file system type
# expected there at run time, where the built content stays visible unchanged (or "-"), where the build left
# that content in the staged root (the path itself, or the factory), and for an overlay the file system its
# upper must be on (tmpfs, ext4). The expected content comes from the canonical listing of a firmware build;
# without mounts (the baseline) no listing is needed.
scenario_image() {
    local check="$S_ROOT/usr/lib/rootfs-check" spec path type lower source upperfs mounts=""
    mkdir -p "$check"
    for spec in "$@"; do
        IFS=: read -r path type lower source upperfs <<<"$spec"
        [ -f "$S_DIR/rootfs-manifest.mtree" ] || die "[$S_SUITE/$S_NAME] no manifest: run firmware_build first"
        expected_table "$S_DIR/rootfs-manifest.mtree" "$source" "$check/expected$(echo "$path" | tr / _).tsv"
        mounts+="$path:$type:$lower:${upperfs:--} "
    done
    install -m 0755 "$BOOT_ROOT_DIR/src/boot/guest/rootfs-check" "$check/rootfs-check"
    cat >"$check/scenario.conf" <<CONF
SCENARIO='$S_NAME'
MOUNTS='${mounts% }'
PROBE='/var/lib/rootfs-check/probe'
CONF
    install -m 0644 "$BOOT_ROOT_DIR/src/boot/guest/rootfs-check.service" \
        "$S_ROOT/usr/lib/systemd/system/rootfs-check.service"
    mkdir -p "$S_ROOT/usr/lib/systemd/system/multi-user.target.wants"
    ln -sfn ../rootfs-check.service "$S_ROOT/usr/lib/systemd/system/multi-user.target.wants/rootfs-check.service"
    log "[$S_SUITE/$S_NAME] building the image"
    local start
    start=$(now)
    apply_metadata "$S_ROOT" "$S_MTREE"
    make_disk "$S_ROOT" "$S_DIR/root.img"
    extract_boot_files "$S_ROOT" "$S_DIR/boot"
    log "[$S_SUITE/$S_NAME] image built in $(elapsed "$start")s (file system $(disk_uuid "$S_DIR/root.img"))"
}

# scenario_boot LABEL [--data DISK] [--phase PHASE] [--token TOKEN]: boots the scenario's image, judges it
# against the suite's baseline and records the result. Returns non-zero when the boot failed.
scenario_boot() {
    local label=$1 data="" extra=""
    shift
    while [ $# -gt 0 ]; do
        case $1 in
            --data) data=$2 ;;
            --phase) extra+=" rootfs_check.phase=$2" ;;
            --token) extra+=" rootfs_check.token=$2" ;;
            *) die "scenario_boot: unknown option $1" ;;
        esac
        shift 2
    done
    local serial="$S_DIR/$label.console.log" report="$S_DIR/$label.report.log" tolerated="$BOOT_WORK/$S_SUITE/baseline-failed-units"
    [ "$S_NAME" = baseline ] && tolerated=""
    [ -z "$tolerated" ] || [ -f "$tolerated" ] || die "[$S_SUITE] the baseline boot has not run: nothing to compare failed units with"
    local before verdict note retried="" crash
    before=$(disk_write_state "$S_DIR/root.img")
    while :; do
        log "[$S_SUITE/$S_NAME] booting ($label)${data:+ with data disk ${data##*/}}${extra:+,$extra}"
        boot_vm "$S_DIR/root.img" "$S_DIR/boot" "$serial" "$report" "$data" "$extra"
        verdict=pass note=""
        judge_boot "$serial" "$report" "$tolerated" || { verdict=fail note=$JUDGE_NOTE; }
        if [ "$(disk_write_state "$S_DIR/root.img")" != "$before" ]; then
            log "FAIL: the root disk was written during the boot: its superblock changed"
            verdict=fail note=${note:-the root disk was written}
        fi
        [ "$verdict" = fail ] && [ -z "$retried" ] || break
        # Only a guest kernel crash before userspace is retried, once: the emulation failed before anything of
        # the image ran (no disk was mounted, so the retry boots the same disks as the first try did).
        crash=$(console_crash "$serial")
        [ "${crash%%$'\t'*}" = infra ] || break
        retried="retried: guest kernel crash before userspace: ${crash#*$'\t'} (first try ${BOOT_SECONDS}s)"
        log "[$S_SUITE/$S_NAME] $label: $retried; booting it once more"
        mv "$serial" "$S_DIR/$label.crashed.console.log"
        mv "$report" "$S_DIR/$label.crashed.report.log"
    done
    if [ -n "$retried" ]; then
        note="$retried${note:+; then $note}"
    fi
    record_result "$label" "$verdict" "$BOOT_SECONDS" "$note"
    log "[$S_SUITE/$S_NAME] $label: $verdict in ${BOOT_SECONDS}s${retried:+ (retried)}"
    [ "$verdict" = pass ]
}

# One line per boot in $BOOT_WORK/results.tsv, which the runner prints as the closing table.
record_result() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$S_SUITE" "$S_NAME" "$1" "$2" "$3" "$(systemd_version_of_suite)" "$4" \
        >>"$BOOT_WORK/results.tsv"
}

systemd_version_of_suite() {
    root_systemd_version "$ROOT_DIR"
}

# scenario_done: the staged tree is only needed to build the image, and a passed scenario's disks (about 700 MB
# each) are not needed at all; a failed one keeps them, with its serial logs, for a look after the run.
scenario_done() {
    rm -rf "$S_ROOT"
    if ! awk -F '\t' -v s="$S_SUITE" -v n="$S_NAME" '$1 == s && $2 == n && $4 != "pass" { bad = 1 } END { exit !bad }' \
            "$BOOT_WORK/results.tsv"; then
        rm -f "$S_DIR"/*.img
    fi
}
