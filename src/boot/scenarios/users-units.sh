# A service whose user comes only from the image's sysusers.d, enabled only by a preset file, with its
# /var/lib directory declared in tmpfiles.d and owned by that user: create-users, enable-units and populate-var
# make it real at build time, /var is a tmpfs overlay, and the guest finds the service active, running as that
# user, and the directory owned by it.
scenario_users_units() {
    scenario_stage "$1" users-units
    local r=$S_ROOT
    mkdir -p "$r/usr/lib/sysusers.d" "$r/usr/lib/tmpfiles.d" "$r/usr/lib/systemd/system-preset"
    printf 'u rootfs-demo - "Build-time user" /var/lib/rootfs-demo\n' >"$r/usr/lib/sysusers.d/rootfs-demo.conf"
    printf 'd /var/lib/rootfs-demo 0750 rootfs-demo rootfs-demo -\n' >"$r/usr/lib/tmpfiles.d/rootfs-demo.conf"
    cat >"$r/usr/lib/systemd/system/rootfs-demo.service" <<'UNIT'
[Unit]
Description=Service whose user and enablement exist only from the build

[Service]
User=rootfs-demo
ExecStart=/bin/sh -c 'test -d /var/lib/rootfs-demo && exec sleep infinity'

[Install]
WantedBy=multi-user.target
UNIT
    printf 'enable rootfs-demo.service\n' >"$r/usr/lib/systemd/system-preset/10-rootfs-demo.preset"
    firmware_build "$S_DIR" "create-users enable-units populate-var generate-overlay-units" \
        -Drootfs.overlayPaths=/var -Drootfs.upperStorage=tmpfs
    scenario_image /var:overlay:/run/rootfs-overlay/var/lower:/var:tmpfs
    echo "SERVICES='rootfs-demo.service:rootfs-demo:/var/lib/rootfs-demo'" \
        >>"$S_ROOT/usr/lib/rootfs-check/scenario.conf"
    # scenario.conf changed after the image was made: make it again
    make_disk "$S_ROOT" "$S_DIR/root.img"
    scenario_boot boot
    local verdict=$?
    scenario_done
    return "$verdict"
}
