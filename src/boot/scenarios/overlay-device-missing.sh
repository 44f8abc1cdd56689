# Scenario 5: overlay configured for a persistent upper whose disk is absent at boot. The tmpfs fallback must
# mount instead, so the system boots with a writable /var holding the build's content.
. "$BOOT_DIR/scenarios/overlay-persistent.sh"

scenario_overlay_device_missing() {
    scenario_stage "$1" overlay-device-missing
    firmware_build "$S_DIR" "populate-var generate-overlay-units" "${PERSISTENT_UPPER[@]}" \
        -Drootfs.storageFallback=true
    scenario_image /var:overlay:/run/rootfs-overlay/var/lower:/var:tmpfs
    scenario_boot no-disk
    local verdict=$?
    scenario_done
    return "$verdict"
}
