# Scenario 6: overlays on two paths, /var and /srv, each with its own lower layer and tmpfs upper.
scenario_overlay_two_paths() {
    scenario_stage "$1" overlay-two-paths
    firmware_build "$S_DIR" "populate-var generate-overlay-units" \
        -Drootfs.overlayPaths=/var,/srv -Drootfs.upperStorage=tmpfs
    scenario_image /var:overlay:/run/rootfs-overlay/var/lower:/var:tmpfs /srv:overlay:/run/rootfs-overlay/srv/lower:/srv:tmpfs
    scenario_boot boot
    local verdict=$?
    scenario_done
    return "$verdict"
}
