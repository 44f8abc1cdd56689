# A hand-written overlay on /var with a tmpfs upper, installed by the harness itself: the unit layout seen to
# boot Debian 12 and 13 read-only (a private bind of the built /var under /run before local-fs-pre.target, and a
# static overlay var.mount before local-fs.target), in the namespace generate-overlay-units uses. It needs no
# goal, so it proves the image, boot and check machinery on its own, and it is the reference the generated
# units of the overlay scenarios are compared with when they fail.
scenario_overlay_handmade() {
    scenario_stage "$1" overlay-handmade
    install_handmade_overlay_units "$S_ROOT"
    firmware_build "$S_DIR" ""
    scenario_image /var:overlay:/run/rootfs-overlay/var/lower:/var:tmpfs
    scenario_boot boot
    local verdict=$?
    scenario_done
    return "$verdict"
}

install_handmade_overlay_units() {
    local units="$1/usr/lib/systemd/system" run=/run/rootfs-overlay/var
    cat >"$units/rootfs-overlay-var.service" <<UNIT
[Unit]
Description=Bind the built /var as the lower layer of its overlay, with a tmpfs upper
DefaultDependencies=no
Before=local-fs-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/mkdir -p $run/lower $run/storage
# private, or the overlay mounted on /var would propagate into its own lower layer
ExecStart=/bin/mount --bind /var $run/lower
ExecStart=/bin/mount --make-private $run/lower
ExecStart=/bin/mount -t tmpfs -o mode=0755 tmpfs $run/storage
ExecStart=/bin/mkdir -p $run/storage/upper $run/storage/work
UNIT
    cat >"$units/var.mount" <<UNIT
[Unit]
Description=Writable overlay on /var
DefaultDependencies=no
Requires=rootfs-overlay-var.service
After=rootfs-overlay-var.service
Before=local-fs.target umount.target
Conflicts=umount.target

[Mount]
What=overlay
Where=/var
Type=overlay
Options=lowerdir=$run/lower,upperdir=$run/storage/upper,workdir=$run/storage/work
UNIT
    mkdir -p "$units/local-fs.target.wants"
    ln -sfn ../var.mount "$units/local-fs.target.wants/var.mount"
}
