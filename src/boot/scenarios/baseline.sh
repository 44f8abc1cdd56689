# Baseline: the same root and probe content with no /var handling at all, booted read-only. Whatever units
# fail here come from the minimal image itself; they are the only failures the other scenarios may show, and
# the run prints them.
scenario_baseline() {
    scenario_stage "$1" baseline
    scenario_image
    local verdict=0
    scenario_boot boot || verdict=1
    failed_units "$S_DIR/boot.report.log" >"$BOOT_WORK/$S_SUITE/baseline-failed-units"
    log "[$S_SUITE/baseline] tolerated failed units: $(tr '\n' ' ' <"$BOOT_WORK/$S_SUITE/baseline-failed-units")"
    scenario_done
    return "$verdict"
}
