# Scenario 1: populate-var + generate-factory. The built /var moves to /usr/share/factory/var and a tmpfs
# var.mount plus a tmpfiles.d conf recreate it at every boot; the factory on the read-only root is the
# unchanged copy.
scenario_factory_tmpfs() {
    scenario_stage "$1" factory-tmpfs
    firmware_build "$S_DIR" "populate-var generate-factory"
    scenario_image /var:tmpfs:/usr/share/factory/var:/usr/share/factory/var
    scenario_boot boot
    local verdict=$?
    scenario_done
    return "$verdict"
}
