package dev.rootfs.factory;

import dev.rootfs.testing.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real systemd-tmpfiles of a given version: 252 from the host, 257 fetched by src/test/sh. */
final class SystemdTmpfiles {
    private SystemdTmpfiles() {
    }

    static String binary(int version) throws Exception {
        if (version == 252) {
            HostTools.require("systemd-tmpfiles", "systemd");
            HostTools.Run v = HostTools.run(null, List.of("systemd-tmpfiles", "--version"));
            HostTools.requireThat(v.stdout().startsWith("systemd 252"), "the host's systemd-tmpfiles is not 252: "
                    + v.stdout().lines().findFirst().orElse(""));
            return "systemd-tmpfiles";
        }
        Path script = Path.of("src/test/sh/systemd-tmpfiles-" + version + ".sh").toAbsolutePath();
        HostTools.requireThat(Files.isExecutable(script), script + " is missing");
        HostTools.Run r = HostTools.run(null, List.of("bash", script.toString()));
        HostTools.requireThat(r.exitCode() == 0, "cannot fetch systemd-tmpfiles " + version + ": " + r.stderr());
        return r.stdout().strip();
    }

    /** {@code --create --boot --root=R} with a clean environment, as reference/tmpfiles-semantics.md §14.2 says. */
    static HostTools.Run create(String binary, Path root) throws Exception {
        return HostTools.run(null, List.of("env", "-i", "HOME=/root", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", binary,
                "--create", "--boot", "--root=" + root));
    }
}
