# Scenario 4: as scenario 3, but between the boots the image is rebuilt from the next release of the root (a
# changed built file, a new file system UUID) while the data disk stays. /var must still mount; the user's
# override and token survive, and the new release's content shows wherever the user did not override it.
. "$BOOT_DIR/scenarios/overlay-persistent.sh"

scenario_overlay_rebuilt_root() {
    local suite=$1 token verdict=0 first_uuid
    # the data disk outlives the first release's work folder, which the rebuild replaces
    local data="$BOOT_WORK/$suite/overlay-rebuilt-root-data.img"
    token=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
    build_release "$suite" 'image version A'
    first_uuid=$(disk_uuid "$S_DIR/root.img")
    make_data_disk "$data" "$DATA_DISK_LABEL"
    scenario_boot first --data "$data" --phase first --token "$token" || verdict=1
    build_release "$suite" 'image version B'
    if [ "$(disk_uuid "$S_DIR/root.img")" = "$first_uuid" ]; then
        log "FAIL: the rebuilt image kept the file system UUID $first_uuid"
        record_result rebuild fail - "the rebuilt image kept the file system UUID $first_uuid"
        verdict=1
    fi
    scenario_boot rebuilt --data "$data" --phase persist --token "$token" || verdict=1
    scenario_done
    [ "$verdict" -ne 0 ] || rm -f "$data"
    return "$verdict"
}

# build_release SUITE VERSION: stages, builds and images one release of the firmware.
build_release() {
    scenario_stage "$1" overlay-rebuilt-root
    scenario_set_image_version "$2"
    firmware_build "$S_DIR" "populate-var generate-overlay-units" "${PERSISTENT_UPPER[@]}" \
        "$PRESENT_DISK_TIMEOUT" -Drootfs.storageFallback=false
    scenario_image /var:overlay:/run/rootfs-overlay/var/lower:/var:ext4
}
