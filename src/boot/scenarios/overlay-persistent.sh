# Scenario 3: overlay with its upper on a second disk. The first boot writes (a token, an override of a built
# file); after a reboot of the same image both are still there and the rest of /var is still the build's.
DATA_DISK_LABEL=rootfs-data

scenario_overlay_persistent() {
    scenario_stage "$1" overlay-persistent
    firmware_build "$S_DIR" "populate-var generate-overlay-units" "${PERSISTENT_UPPER[@]}" \
        "$PRESENT_DISK_TIMEOUT" -Drootfs.storageFallback=false
    scenario_image /var:overlay:/run/rootfs-overlay/var/lower:/var:ext4
    make_data_disk "$S_DIR/data.img" "$DATA_DISK_LABEL"
    local token verdict=0
    token=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
    scenario_boot first --data "$S_DIR/data.img" --phase first --token "$token" || verdict=1
    scenario_boot reboot --data "$S_DIR/data.img" --phase persist --token "$token" || verdict=1
    scenario_done
    return "$verdict"
}

# The goal's parameters for an upper on the data disk, found by its label.
PERSISTENT_UPPER=(-Drootfs.overlayPaths=/var -Drootfs.upperStorage=device
    "-Drootfs.storageDevice=/dev/disk/by-label/$DATA_DISK_LABEL" -Drootfs.storageType=ext4)
# Under TCG on a busy machine the virtio disks appear 10 to 20 s after start, so a disk that is there must not
# be given up on after the goal's default 10 s (a boot lost the disk that way); a missing one still uses it.
PRESENT_DISK_TIMEOUT=-Drootfs.storageDeviceTimeout=90s
