# Boots a disk image in QEMU and judges what the guest's check reported over the serial console. Sourced.

# Set by boot_vm: how the boot ended (poweroff, timeout, emergency, panic, qemu-error) and its wall seconds.
BOOT_OUTCOME=
BOOT_SECONDS=
# Set by judge_boot: the first problem of a failed boot, for the result table.
JUDGE_NOTE=

# How QEMU emulates the guest's processor (TCG: KVM guests hang on these machines). One vCPU: with two, TCG runs
# them on two host threads, and the guest kernel, which patches its own code while the other CPU may be
# running it (static keys, alternatives), now and then crashed early on an int3 of a half-made patch. The cost:
# on an idle 2-core host one vCPU boots slower (about 70 s against 43 s for this image); on a loaded one the
# difference drowns in the load.
BOOT_QEMU_CPU=(-accel tcg -cpu max -smp 1)

# boot_vm IMAGE BOOTDIR CONSOLE_LOG REPORT_LOG DATA_DISK CMDLINE_EXTRA: boots the root read-only with TCG (KVM
# guests hang on these machines) until the guest powers off, or until $BOOT_TIMEOUT seconds have passed. The
# first serial port is the console (kernel, systemd, getty); the check reports on the second, because the
# getty that starts on the console at the end of the boot hangs up the terminal and would cut the report off.
# DATA_DISK ("" for none) becomes /dev/vdb. A guest that drops to emergency mode or panics is stopped at once
# rather than left to run into the timeout. no_timer_check: on a busy host the emulated clock runs so unevenly
# that the kernel's early check of the IO-APIC timer can fail and panic ("IO-APIC + timer doesn't work!");
# systemd.show_status=1: systemd's banner and status lines show on the console when userspace starts, which
# tells a crash of the emulation before it from a failure of the image (console.sh).
boot_vm() {
    local image=$1 bootdir=$2 serial=$3 report=$4 data=$5 extra=$6
    local -a disks=(-drive "file=$image,format=raw,if=virtio")
    [ -z "$data" ] || disks+=(-drive "file=$data,format=raw,if=virtio")
    rm -f "$serial" "$report"
    local start pid
    start=$(now)
    qemu-system-x86_64 -nodefaults -no-user-config "${BOOT_QEMU_CPU[@]}" -m 1024 \
        -display none -monitor none -serial "file:$serial" -serial "file:$report" -nic none -no-reboot \
        -kernel "$bootdir/vmlinuz" -initrd "$bootdir/initrd.img" "${disks[@]}" \
        -append "root=/dev/vda ro console=ttyS0 panic=-1 quiet systemd.show_status=1 no_timer_check $extra" \
        >"$serial.qemu" 2>&1 &
    pid=$!
    BOOT_OUTCOME=
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        if grep -qaE 'You are in emergency mode|Give root password for maintenance|Cannot open access to console' \
                "$serial" 2>/dev/null; then
            BOOT_OUTCOME=emergency
        elif grep -qa 'Kernel panic' "$serial" 2>/dev/null; then
            BOOT_OUTCOME=panic
        elif [ "$(elapsed "$start" | cut -d. -f1)" -ge "$BOOT_TIMEOUT" ]; then
            BOOT_OUTCOME=timeout
        fi
        if [ -n "$BOOT_OUTCOME" ]; then
            kill "$pid" 2>/dev/null
            break
        fi
    done
    local rc=0
    wait "$pid" || rc=$?
    BOOT_SECONDS=$(elapsed "$start")
    if [ -z "$BOOT_OUTCOME" ]; then
        if [ "$rc" -eq 0 ]; then BOOT_OUTCOME=poweroff; else BOOT_OUTCOME=qemu-error; fi
    fi
}

# markers REPORT_LOG: the check's report lines without what precedes the marker (terminal escape codes can sit
# in front of it on the same line) and without carriage returns.
markers() {
    grep -a 'ROOTFS-CHECK ' "$1" | sed 's/^.*ROOTFS-CHECK /ROOTFS-CHECK /; s/\r$//'
}

# failed_units REPORT_LOG: the units the guest reported as failed, one a line, sorted.
failed_units() {
    markers "$1" | awk '$2 == "FAILED-UNIT" { print $3 }' | sort -u
}

# judge_boot CONSOLE_LOG REPORT_LOG TOLERATED_FILE: prints the verdict of one boot and returns non-zero on
# failure, showing the console's tail and each failed check. A boot passes when it powered off after the
# check's END marker, no check failed, and every failed unit is one the baseline boot of the same root also had
# (TOLERATED_FILE; "" while judging the baseline itself).
judge_boot() {
    local serial=$1 report_log=$2 tolerated=$3 problems=()
    local report
    report=$(markers "$report_log")
    [ "$BOOT_OUTCOME" = poweroff ] || problems+=("the boot ended with '$BOOT_OUTCOME' after ${BOOT_SECONDS}s")
    echo "$report" | grep -q '^ROOTFS-CHECK END' \
        || problems+=("the check never reported its end; its last report: '$(echo "$report" | tail -n 1)'")
    local failed
    while IFS= read -r failed; do
        [ -n "$failed" ] && problems+=("check failed: ${failed#ROOTFS-CHECK FAIL }")
    done < <(echo "$report" | grep '^ROOTFS-CHECK FAIL ')
    if [ -n "$tolerated" ]; then
        local unit
        for unit in $(failed_units "$report_log"); do
            grep -qxF "$unit" "$tolerated" || problems+=("check failed: no-new-failed-units: $unit failed, the baseline boot has no such failure")
        done
    fi
    echo "$report" | grep -E '^ROOTFS-CHECK (BEGIN|PASS|INFO|FAILED-UNIT)' | sed 's/^ROOTFS-CHECK /    /' >&2
    JUDGE_NOTE=
    if [ "${#problems[@]}" -eq 0 ]; then
        return 0
    fi
    JUDGE_NOTE=${problems[0]}
    echo "$report" | grep '^ROOTFS-CHECK DETAIL' | sed 's/^ROOTFS-CHECK DETAIL /      /' >&2
    log "--- serial console ($serial) ---"
    console_excerpt "$serial" >&2
    log "--- end of serial console ---"
    local p
    for p in "${problems[@]}"; do log "FAIL: $p"; done
    return 1
}
