# Scenario 2: populate-var + generate-overlay-units with the default tmpfs upper. /var is an overlay whose
# lower layer, the built /var of the read-only root, stays visible unchanged under /run/rootfs-overlay.
scenario_overlay_tmpfs() {
    scenario_stage "$1" overlay-tmpfs
    firmware_build "$S_DIR" "populate-var generate-overlay-units" \
        -Drootfs.overlayPaths=/var -Drootfs.upperStorage=tmpfs
    scenario_image /var:overlay:/run/rootfs-overlay/var/lower:/var:tmpfs
    scenario_boot boot
    local verdict=$?
    scenario_done
    return "$verdict"
}
