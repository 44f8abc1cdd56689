package dev.rootfs.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real tools the tests compare against. Outside CI a missing tool skips the test with the reason printed;
 * in CI (the {@code CI} environment variable is set) it fails, so nothing skips silently there.
 */
public final class HostTools {
    private HostTools() {
    }

    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equals("false");
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Requires {@code tool} on the PATH. */
    public static void require(String tool, String apt) {
        requireThat(onPath(tool), tool + " is not installed (apt-get install -y " + apt + ")");
    }

    /** Requires root, as the real systemd tools and mounts do. */
    public static void requireRoot() {
        requireThat(dev.rootfs.fs.Ownership.Process.isRoot(), "this test needs root");
    }

    public static void requireThat(boolean ok, String reason) {
        if (ok) {
            return;
        }
        if (inCi()) {
            fail("required in CI: " + reason);
        }
        System.out.println("SKIPPED: " + reason);
        assumeTrue(false, reason);
    }

    /** Output of a finished process. */
    public record Run(int exitCode, String stdout, String stderr) {
        /** Standard output followed by standard error, for messages. */
        public String output() {
            return stdout + stderr;
        }
    }

    public static Run run(Path cwd, List<String> command) throws IOException, InterruptedException {
        return run(cwd, command, new byte[0]);
    }

    /** Runs {@code command} with {@code stdin} as its standard input. */
    public static Run run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        return run(null, command, stdin);
    }

    public static Run run(Path cwd, List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Path in = Files.createTempFile("tool", ".in");
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        try {
            Files.write(in, stdin);
            Process p = new ProcessBuilder(command).directory(cwd == null ? null : cwd.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int rc = p.waitFor();
            return new Run(rc, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
