# Debian roots for the boot tests, built with mmdebstrap and cached in $BOOT_CACHE/roots. Sourced.

# What every root contains: systemd as init, udev for the disks, dbus for systemctl/logind, and a kernel whose
# package brings an initrd that finds virtio disks.
ROOT_VARIANT=minbase
ROOT_PACKAGES=systemd,systemd-sysv,udev,dbus,linux-image-amd64

# Set by build_root: the root's directory, its build seconds and whether it came from the cache.
ROOT_DIR=
ROOT_BUILD_SECONDS=
ROOT_FROM_CACHE=

# The cache key changes whenever anything that goes into the root changes, so a stale root is never reused.
root_key() {
    local suite=$1
    printf '%s\n' "$suite" "$ROOT_VARIANT" "$ROOT_PACKAGES" | sha256sum | cut -c1-12
}

# build_root SUITE: makes sure the root of SUITE exists in the cache and sets ROOT_DIR. A lock keeps two runs
# from building the same root at once; the second waits and then reuses the first one's result. The root is
# built beside its final place and renamed when complete, so a killed build never leaves a half root behind.
build_root() {
    local suite=$1
    local name dir
    name="$suite-$(root_key "$suite")"
    dir="$BOOT_CACHE/roots/$name"
    mkdir -p "$BOOT_CACHE/roots"
    exec {lock}>"$dir.lock"
    if ! flock -n "$lock"; then
        log "another run is building $name; waiting for it"
        flock "$lock"
    fi
    if [ -f "$dir/.complete" ]; then
        ROOT_DIR=$dir ROOT_FROM_CACHE=yes ROOT_BUILD_SECONDS=$(cat "$dir.seconds" 2>/dev/null || echo '?')
        log "root $suite: cached in $dir (built in ${ROOT_BUILD_SECONDS}s)"
        exec {lock}>&-
        return
    fi
    rm -rf "$dir" "$dir.partial"
    log "root $suite: building with mmdebstrap into $dir (about 30-100 s)"
    local start
    start=$(now)
    if ! mmdebstrap --variant="$ROOT_VARIANT" --include="$ROOT_PACKAGES" "$suite" "$dir.partial" \
            >"$dir.log" 2>&1; then
        tail -n 30 "$dir.log" >&2
        rm -rf "$dir.partial"
        exec {lock}>&-
        die "building the Debian $suite root with mmdebstrap failed (full log: $dir.log); check the suite name" \
            "and that the Debian mirror is reachable"
    fi
    local missing
    missing=$(root_missing_parts "$dir.partial")
    if [ -n "$missing" ]; then
        rm -rf "$dir.partial"
        exec {lock}>&-
        die "the Debian $suite root lacks $missing (full log: $dir.log)"
    fi
    touch "$dir.partial/.complete"
    mv "$dir.partial" "$dir"
    ROOT_BUILD_SECONDS=$(elapsed "$start")
    echo "$ROOT_BUILD_SECONDS" >"$dir.seconds"
    ROOT_DIR=$dir ROOT_FROM_CACHE=no
    log "root $suite: built in ${ROOT_BUILD_SECONDS}s"
    exec {lock}>&-
}

# What a bootable root needs; prints the missing parts.
root_missing_parts() {
    local root=$1
    compgen -G "$root/boot/vmlinuz-*" >/dev/null || printf '%s ' 'a kernel in /boot'
    compgen -G "$root/boot/initrd.img-*" >/dev/null || printf '%s ' 'an initrd in /boot'
    [ -x "$root/lib/systemd/systemd" ] || printf '%s ' 'systemd'
}

# The systemd version of a root, from the name of its shared library (libsystemd-shared-252.so).
root_systemd_version() {
    local lib
    lib=$(compgen -G "$1/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-*.so" \
        || compgen -G "$1/lib/systemd/libsystemd-shared-*.so" \
        || compgen -G "$1/usr/lib/systemd/libsystemd-shared-*.so") || true
    lib=${lib##*/libsystemd-shared-}
    echo "${lib%%[.-]*}"
}
