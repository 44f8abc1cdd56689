# Shared settings and helpers of the boot tests. Sourced, never run.

# Roots, kernels and package downloads are large and slow to make, so they live outside the repository and
# survive between runs; a clean checkout reuses them.
BOOT_CACHE=${ROOTFS_BOOT_CACHE:-/var/cache/rootfs-boot}
# Where one run keeps its images, serial logs and firmware projects; removed at the start of the next run.
BOOT_WORK=${ROOTFS_BOOT_WORK:-$BOOT_ROOT_DIR/target/boot}
# At most 3 minutes for one boot, from QEMU start to power-off.
BOOT_TIMEOUT=${ROOTFS_BOOT_TIMEOUT:-180}

log() { printf '[boot] %s\n' "$*" >&2; }
# Ends the run, or the scenario's subshell, with MESSAGE; the runner shows the last one in its result table.
die() {
    printf '[boot] ERROR: %s\n' "$*" >&2
    [ ! -d "$BOOT_WORK" ] || printf '%s\n' "$*" >>"$BOOT_WORK/errors"
    exit 1
}

# Seconds since the epoch with a fraction, for measuring builds and boots.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Runs a command with its output in a log file; on failure shows the log's tail and fails with MESSAGE.
run_logged() {
    local logfile=$1 message=$2
    shift 2
    if ! "$@" >"$logfile" 2>&1; then
        tail -n 40 "$logfile" >&2
        die "$message (full log: $logfile)"
    fi
}
