package dev.rootfs.tmpfiles;

import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real systemd-tmpfiles: 252 is Debian 12's /usr/bin/systemd-tmpfiles, 257 is Debian 13's, unpacked by
 * src/test/tools/fetch-systemd-tmpfiles-257.sh into {@code $SYSTEMD_TMPFILES_257_DIR} (default
 * {@code target/systemd-tmpfiles-257}, fetched on first use). Runs as root with a clean environment (§14.2).
 */
public final class Oracle {
    private static Path dir257;

    private Oracle() {
    }

    /** Skips (outside CI) or fails (in CI) when the oracle for {@code version} cannot run here. */
    public static void require(int version) {
        HostTools.requireThat(missing(version) == null, missing(version));
    }

    /** Whether the real tool of {@code version} can run here (as root, installed or unpacked). */
    public static boolean available(int version) {
        return missing(version) == null;
    }

    /** Why the real tool of {@code version} cannot run here, or null when it can. */
    public static String missing(int version) {
        if (!dev.rootfs.fs.Ownership.Process.isRoot()) {
            return "systemd-tmpfiles " + version + " needs root";
        }
        if (version == 252) {
            return is252() ? null : "systemd-tmpfiles 252 is not installed (Debian 12: apt-get install -y systemd)";
        }
        return ensure257() ? null : "systemd-tmpfiles 257 could not be unpacked (run "
                + "src/test/tools/fetch-systemd-tmpfiles-257.sh DIR and set SYSTEMD_TMPFILES_257_DIR=DIR)";
    }

    private static Boolean is252;

    /** /usr/bin/systemd-tmpfiles is Debian 12's 252, not another distribution's version. */
    private static synchronized boolean is252() {
        if (is252 == null) {
            is252 = false;
            if (Files.isExecutable(Path.of("/usr/bin/systemd-tmpfiles"))) {
                try {
                    is252 = Processes.run(null, List.of("/usr/bin/systemd-tmpfiles", "--version")).stdout()
                            .startsWith("systemd 252 ");
                } catch (IOException | InterruptedException e) {
                    is252 = false;
                }
            }
        }
        return is252;
    }

    private static synchronized boolean ensure257() {
        if (dir257 != null) {
            return true;
        }
        String env = System.getenv("SYSTEMD_TMPFILES_257_DIR");
        Path dir = Path.of(env != null ? env : "target/systemd-tmpfiles-257").toAbsolutePath();
        if (!Files.isExecutable(dir.resolve("usr/bin/systemd-tmpfiles"))) {
            try {
                Processes.Run r = Processes.run(null, List.of("sh", "src/test/tools/fetch-systemd-tmpfiles-257.sh",
                        dir.toString()));
                if (r.exitCode() != 0) {
                    System.out.println("fetching systemd-tmpfiles 257 failed: " + r.stderr());
                    return false;
                }
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }
        dir257 = dir;
        return true;
    }

    public static List<String> command(int version) {
        if (version == 252) {
            return new ArrayList<>(List.of("/usr/bin/systemd-tmpfiles"));
        }
        ensure257();
        return new ArrayList<>(List.of(dir257.resolve("usr/lib64/ld-linux-x86-64.so.2").toString(), "--library-path",
                dir257.resolve("usr/lib/x86_64-linux-gnu") + ":/lib/x86_64-linux-gnu",
                dir257.resolve("usr/bin/systemd-tmpfiles").toString()));
    }

    /** Runs the real tool of {@code version} on {@code root}, with {@code stdin} for a {@code -} argument. */
    public static Processes.Run run(int version, Path root, List<String> args, String stdin)
            throws IOException, InterruptedException {
        List<String> cmd = command(version);
        cmd.add("--root=" + root);
        cmd.addAll(args);
        // the host's temporary directories and credentials must not leak into %T, %V or ^ lines
        return Processes.command(cmd).stdin(stdin).unsetEnv("TMPDIR", "TEMP", "TMP", "CREDENTIALS_DIRECTORY")
                .env("HOME", "/root").env("SYSTEMD_LOG_LEVEL", "info").run();
    }

    public static Processes.Run run(int version, Path root, List<String> args)
            throws IOException, InterruptedException {
        return run(version, root, args, "");
    }
}
