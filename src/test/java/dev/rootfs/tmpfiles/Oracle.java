package dev.rootfs.tmpfiles;

import dev.rootfs.testing.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real systemd-tmpfiles: 252 is Debian 12's /usr/bin/systemd-tmpfiles, 257 is Debian 13's, unpacked by
 * src/test/tools/fetch-systemd-tmpfiles-257.sh into {@code $SYSTEMD_TMPFILES_257_DIR} (default
 * {@code target/systemd-tmpfiles-257}, fetched on first use). Runs as root with a clean environment (§14.2).
 */
public final class Oracle {
    public record Run(int exit, String stderr) {
    }

    private static Path dir257;

    private Oracle() {
    }

    /** Skips (outside CI) or fails (in CI) when the oracle for {@code version} cannot run here. */
    public static void require(int version) {
        HostTools.requireRoot();
        if (version == 252) {
            HostTools.requireThat(Files.isExecutable(Path.of("/usr/bin/systemd-tmpfiles")),
                    "systemd-tmpfiles 252 is not installed (apt-get install -y systemd)");
            return;
        }
        HostTools.requireThat(ensure257(), "systemd-tmpfiles 257 could not be unpacked (run "
                + "src/test/tools/fetch-systemd-tmpfiles-257.sh DIR and set SYSTEMD_TMPFILES_257_DIR=DIR)");
    }

    private static synchronized boolean ensure257() {
        if (dir257 != null) {
            return true;
        }
        String env = System.getenv("SYSTEMD_TMPFILES_257_DIR");
        Path dir = Path.of(env != null ? env : "target/systemd-tmpfiles-257").toAbsolutePath();
        if (!Files.isExecutable(dir.resolve("usr/bin/systemd-tmpfiles"))) {
            try {
                HostTools.Run r = HostTools.run(null, List.of("sh", "src/test/tools/fetch-systemd-tmpfiles-257.sh",
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

    public static Run run(int version, Path root, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = command(version);
        cmd.add("--root=" + root);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.remove("TMPDIR");
        env.remove("TEMP");
        env.remove("TMP");
        env.remove("CREDENTIALS_DIRECTORY");
        env.put("HOME", "/root");
        env.put("SYSTEMD_LOG_LEVEL", "info");
        Path err = Files.createTempFile("oracle", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int rc = p.waitFor();
            return new Run(rc, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
