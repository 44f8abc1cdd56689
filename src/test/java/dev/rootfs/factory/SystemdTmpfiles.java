package dev.rootfs.factory;

import dev.rootfs.testing.Processes;
import dev.rootfs.tmpfiles.Oracle;
import java.nio.file.Path;
import java.util.List;

/** The real systemd-tmpfiles of a version (the populate-var tests' oracle), run as boot does: create, boot. */
final class SystemdTmpfiles {
    private SystemdTmpfiles() {
    }

    /** Skips (outside CI) or fails (in CI) when that version cannot run here. */
    static int binary(int version) {
        Oracle.require(version);
        return version;
    }

    static Processes.Run create(int version, Path root) throws Exception {
        return Oracle.run(version, root, List.of("--create", "--boot"));
    }
}
