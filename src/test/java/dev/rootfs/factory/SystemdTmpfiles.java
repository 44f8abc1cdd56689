package dev.rootfs.factory;

import dev.rootfs.testing.HostTools;
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

    static HostTools.Run create(int version, Path root) throws Exception {
        Oracle.Run r = Oracle.run(version, root, List.of("--create", "--boot"));
        return new HostTools.Run(r.exit(), "", r.stderr());
    }
}
