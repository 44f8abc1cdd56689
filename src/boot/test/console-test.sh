#!/usr/bin/env bash
# Proves on the host, in a second, how the boot tests treat a guest kernel crash, on saved serial consoles
# (test/consoles/): a crash before userspace that names neither the root nor init is the emulation's and is
# booted once more; any other crash, and anything after systemd started, fails the boot without a retry.
#
#   bash src/boot/test/console-test.sh
#
# The consoles are named for what they must be judged: infra-*.log (crash before userspace), real-*.log (a
# crash of the image's making), clean-*.log (no crash at all).
set -uo pipefail
BOOT_ROOT_DIR=$(cd "$(dirname "$0")/../../.." && pwd)
BOOT_DIR="$BOOT_ROOT_DIR/src/boot"
CONSOLES="$BOOT_DIR/test/consoles"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rootfs-console-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for lib in common console boot scenario; do
    # shellcheck source=/dev/null
    . "$BOOT_DIR/lib/$lib.sh"
done
# after common.sh, which points BOOT_WORK at the run's own work folder: the test must not touch that
BOOT_WORK="$WORK/work"
FAILED=0 CHECKS=0

check() {
    local what=$1
    shift
    CHECKS=$((CHECKS + 1))
    if "$@"; then
        echo "ok: $what"
    else
        echo "FAIL: $what"
        FAILED=1
    fi
}

# Each saved console is classified as its name says; a crash is reported by a line that is in the log.
classify_saved() {
    local log kind expected crash
    for log in "$CONSOLES"/*.log; do
        kind=$(basename "$log")
        kind=${kind%%-*}
        crash=$(console_crash "$log")
        case $kind in
            infra|real) expected=$kind ;;
            clean) expected="" ;;
            *) echo "FAIL: $log: name it infra-, real- or clean-"; FAILED=1; continue ;;
        esac
        check "$(basename "$log") is '${expected:-no crash}' (got '${crash:-no crash}')" \
            test "${crash%%$'\t'*}" = "$expected"
        if [ -n "$crash" ]; then
            check "$(basename "$log"): the first crash line is quoted from the log" \
                grep -qF -- "${crash#*$'\t'}" "$log"
        fi
    done
}

# The retry policy of scenario_boot, with QEMU replaced by consoles played back in order: the boot's console
# comes from the next file of BOOTS; "clean" stands for a boot that powers off after a passing check, and so
# does every boot beyond those listed.
BOOTS=() BOOT_CALLS=0
boot_vm() {
    local serial=$3 report=$4 next=${BOOTS[$BOOT_CALLS]:-clean}
    BOOT_CALLS=$((BOOT_CALLS + 1))
    BOOT_SECONDS=1.0
    if [ "$next" = clean ]; then
        cp "$(compgen -G "$CONSOLES/clean-*.log" | head -n 1)" "$serial"
        printf 'ROOTFS-CHECK BEGIN test\nROOTFS-CHECK END\n' >"$report"
        BOOT_OUTCOME=poweroff
    else
        cp "$CONSOLES/$next" "$serial"
        : >"$report"
        BOOT_OUTCOME=panic
    fi
}
disk_write_state() { echo unchanged; }
systemd_version_of_suite() { echo 257; }

# play EXPECTED_VERDICT EXPECTED_BOOTS CONSOLE...: one scenario_boot over the consoles; checks its verdict, how
# many boots it took, and whether the result table says it was retried.
play() {
    local verdict=$1 boots=$2 row
    shift 2
    BOOTS=("$@") BOOT_CALLS=0
    rm -rf "$BOOT_WORK"
    mkdir -p "$BOOT_WORK/test/play"
    : >"$BOOT_WORK/results.tsv" && : >"$BOOT_WORK/test/baseline-failed-units"
    S_SUITE=test S_NAME=play S_DIR="$BOOT_WORK/test/play"
    local got=pass
    scenario_boot boot 2>"$WORK/play.log" || got=fail
    row=$(cat "$BOOT_WORK/results.tsv")
    check "boots ${*}: $verdict after $boots boot(s) (got $got after $BOOT_CALLS)" \
        test "$got/$BOOT_CALLS" = "$verdict/$boots"
    if [ "$boots" -gt 1 ]; then
        check "boots ${*}: the result says it was retried and why" \
            grep -q $'\tretried: guest kernel crash before userspace: ' <<<"$row"
        check "boots ${*}: the crashed boot's console is in the run output" \
            grep -q 'end of serial console' "$WORK/play.log"
        check "boots ${*}: the crashed boot's console is kept" test -f "$S_DIR/boot.crashed.console.log"
    else
        check "boots ${*}: not marked as retried" bash -c '! grep -q retried <<<"$1"' _ "$row"
    fi
}

classify_saved
infra=$(basename "$(compgen -G "$CONSOLES/infra-*.log" | head -n 1)")
play pass 1 clean
play pass 2 "$infra" clean
play fail 2 "$infra" "$infra"
for real in "$CONSOLES"/real-*.log; do
    play fail 1 "$(basename "$real")"
done

if [ "$FAILED" -ne 0 ]; then
    echo "console classifier test: FAILED"
    exit 1
fi
echo "console classifier test: all $CHECKS checks passed"
