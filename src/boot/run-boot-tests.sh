#!/usr/bin/env bash
# Boot tests: every /var mode boots a real Debian root read-only in QEMU and is checked from inside the guest.
#
#   bash src/boot/run-boot-tests.sh [--suites bookworm,trixie] [--scenarios NAME,...] [--no-install]
#
# First proves on the host that the guest's content comparison catches every kind of difference and that the
# image builder applies the metadata (check-selftest.sh), and that crashes are told apart as they should be
# (test/console-test.sh). Then for each Debian suite: builds (or reuses from the cache) the root, boots the
# baseline (no /var handling) to learn which units the minimal image fails on its own, then runs each scenario:
# stage the root, run the plugin's goals through a firmware pom, build the ext4 image with owners and modes from
# the metadata, boot it with QEMU (TCG) read-only and read the check unit's report from a serial port. Ends with
# one line per boot (pass/fail, seconds) and the seconds of each stage, and exits non-zero if any boot failed. A
# boot whose guest kernel crashed before userspace started (the emulation's doing: lib/console.sh) is booted
# once more and marked "retried" in that table; any other failure is never retried. A failed or retried boot
# prints its serial console. Scenarios: src/boot/scenarios/NAME.sh; overlay-handmade (hand-written overlay
# units) runs by default only while the plugin lacks generate-overlay-units.
#
# Needs root (owners and device nodes go into the image as real files) and the packages mmdebstrap,
# qemu-system-x86, e2fsprogs, libarchive-tools and attr. Without them the run is skipped with the reason,
# unless CI is set, where it fails.
# Environment: ROOTFS_BOOT_CACHE (roots, default /var/cache/rootfs-boot), ROOTFS_BOOT_WORK (images and serial
# logs of this run, default target/boot), ROOTFS_BOOT_TIMEOUT (seconds per boot, default 180).
set -uo pipefail
BOOT_ROOT_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BOOT_DIR="$BOOT_ROOT_DIR/src/boot"
for lib in common root image expected firmware console boot scenario; do
    # shellcheck source=/dev/null
    . "$BOOT_DIR/lib/$lib.sh"
done

# Every scenario, in run order; the baseline of a suite always runs first.
ALL_SCENARIOS=(overlay-handmade factory-tmpfs overlay-tmpfs overlay-persistent overlay-rebuilt-root
    overlay-device-missing overlay-two-paths users-units)
SUITES=(bookworm trixie)
SCENARIOS=()
INSTALL=yes

usage() {
    sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0" >&2
    exit 2
}

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --suites) IFS=, read -ra SUITES <<<"$2"; shift ;;
            --scenarios) IFS=, read -ra SCENARIOS <<<"$2"; shift ;;
            --no-install) INSTALL=no ;;
            -h|--help) usage ;;
            *) echo "unknown option $1" >&2; usage ;;
        esac
        shift
    done
    local s
    for s in ${SCENARIOS[@]+"${SCENARIOS[@]}"}; do
        [ -f "$BOOT_DIR/scenarios/$s.sh" ] || die "no scenario '$s' (src/boot/scenarios/$s.sh)"
    done
}

# default_scenarios: all of them, except that the hand-written overlay only stands in for the generated one
# until the plugin has generate-overlay-units: then overlay-tmpfs boots the same layout and the suite saves a
# boot per suite (it still runs on request, --scenarios overlay-handmade).
default_scenarios() {
    local s
    for s in "${ALL_SCENARIOS[@]}"; do
        if [ "$s" = overlay-handmade ] && plugin_has_goal generate-overlay-units; then
            log "overlay-handmade not run: the plugin has generate-overlay-units, which overlay-tmpfs boots"
            continue
        fi
        SCENARIOS+=("$s")
    done
}

# Missing tools or privileges skip the run with the reason outside CI; in CI nothing may skip.
require_host() {
    local missing=() tool
    for tool in mmdebstrap:mmdebstrap qemu-system-x86_64:qemu-system-x86 mkfs.ext4:e2fsprogs \
            dumpe2fs:e2fsprogs bsdtar:libarchive-tools setfattr:attr getfattr:attr blkid:util-linux \
            flock:util-linux mvn:maven; do
        command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
    done
    local reason=""
    [ "$(id -u)" -eq 0 ] || reason="the boot tests need root (image owners and device nodes)"
    [ "${#missing[@]}" -eq 0 ] || reason="missing tools: apt-get install -y ${missing[*]}"
    [ -z "$reason" ] && return
    if [ -n "${CI:-}" ] && [ "${CI:-}" != false ]; then
        die "required in CI: $reason"
    fi
    echo "SKIPPED: boot tests: $reason"
    exit 0
}

# run_scenario SUITE NAME: one scenario in a subshell, so that a failing step ends only that scenario. A
# scenario that stopped before any boot (a build step failed, a goal is missing) still gets its result line.
run_scenario() {
    local suite=$1 name=$2 before after
    before=$(wc -l <"$BOOT_WORK/results.tsv")
    (
        # shellcheck source=/dev/null
        . "$BOOT_DIR/scenarios/$name.sh"
        "scenario_${name//-/_}" "$suite"
    )
    local rc=$?
    after=$(wc -l <"$BOOT_WORK/results.tsv")
    if [ "$rc" -ne 0 ] && [ "$after" -eq "$before" ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$name" "-" "fail" "-" "-" \
            "$(tail -n 1 "$BOOT_WORK/errors" 2>/dev/null)" >>"$BOOT_WORK/results.tsv"
    fi
    return "$rc"
}

# record_root SUITE: builds or finds the suite's root and notes where it is, how long its build took and how
# long this run spent on it (seconds of the lookup when it came from the cache).
record_root() {
    local suite=$1 start
    start=$(now)
    ( build_root "$suite"
      printf 'root %s: %s, systemd %s, built in %ss, this run: %ss%s\n' "$suite" "$ROOT_DIR" \
          "$(root_systemd_version "$ROOT_DIR")" "$ROOT_BUILD_SECONDS" "$(elapsed "$start")" \
          "$([ "$ROOT_FROM_CACHE" = yes ] && echo ' (from the cache)')" >>"$BOOT_WORK/roots.tsv" )
}

# timed NAME COMMAND...: runs a stage of the run and notes its seconds for the summary, passed or not.
timed() {
    local name=$1 start rc=0
    shift
    start=$(now)
    "$@" || rc=$?
    printf '%s\t%s\t%s\n' "$name" "$(elapsed "$start")" "$([ "$rc" -eq 0 ] && echo ok || echo failed)" \
        >>"$BOOT_WORK/stages.tsv"
    log "stage $name: $(tail -n 1 "$BOOT_WORK/stages.tsv" | cut -f2)s"
    return "$rc"
}

# run_suite SUITE: the suite's root, its baseline and every scenario; fails when any of them failed.
run_suite() {
    local suite=$1 name failed=0
    mkdir -p "$BOOT_WORK/$suite"
    timed "root $suite" record_root "$suite" || return 1
    run_scenario "$suite" baseline || failed=1
    for name in "${SCENARIOS[@]}"; do
        [ "$name" = baseline ] && continue
        run_scenario "$suite" "$name" || failed=1
    done
    return "$failed"
}

print_summary() {
    local total=$1
    echo
    echo "Boot test results (roots: $BOOT_CACHE/roots, logs: $BOOT_WORK)"
    printf '%-9s %-8s %-23s %-8s %-6s %-7s %s\n' suite systemd scenario boot result seconds note
    awk -F '\t' '{ printf "%-9s %-8s %-23s %-8s %-6s %-7s %s\n", $1, $6, $2, $3, $4, $5, $7 }' "$BOOT_WORK/results.tsv"
    echo
    local suite
    for suite in "${SUITES[@]}"; do
        if [ -f "$BOOT_WORK/$suite/baseline-failed-units" ]; then
            echo "tolerated failed units on $suite (from its baseline boot):" \
                "$(tr '\n' ' ' <"$BOOT_WORK/$suite/baseline-failed-units")"
        fi
    done
    cat "$BOOT_WORK/roots.tsv"
    echo "stages (seconds):"
    awk -F '\t' '{ printf "  %-28s %7s %s\n", $1, $2, $3 }' "$BOOT_WORK/stages.tsv"
    echo "whole run: ${total}s"
}

main() {
    parse_args "$@"
    require_host
    local start
    start=$(now)
    rm -rf "$BOOT_WORK" 2>/dev/null || rm -rf "$BOOT_WORK" || die "cannot clear the work folder $BOOT_WORK"
    mkdir -p "$BOOT_WORK"
    : >"$BOOT_WORK/results.tsv"
    : >"$BOOT_WORK/roots.tsv"
    : >"$BOOT_WORK/errors"
    : >"$BOOT_WORK/stages.tsv"
    timed self-test bash "$BOOT_DIR/check-selftest.sh" || die "the self-test failed; not booting anything"
    timed "console classifier test" bash "$BOOT_DIR/test/console-test.sh" \
        || die "the console classifier test failed; not booting anything"
    [ "$INSTALL" = no ] || timed "plugin build" install_plugin
    [ "${#SCENARIOS[@]}" -gt 0 ] || default_scenarios
    local suite failed=0
    for suite in "${SUITES[@]}"; do
        timed "suite $suite" run_suite "$suite" || failed=1
    done
    print_summary "$(elapsed "$start")"
    return "$failed"
}

main "$@"; exit $?
