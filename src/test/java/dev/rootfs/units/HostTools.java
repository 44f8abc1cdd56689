package dev.rootfs.units;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rootfs.fs.Ownership;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Host programs and privileges some tests need. Without them a test is skipped with the reason printed,
 * except under CI (CI set), where the environment must provide them and the test fails instead.
 */
final class HostTools {
    private HostTools() {
    }

    static void require(boolean ok, String why) {
        if (ok) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail(why + " (CI is set, so this is a failure, not a skip)");
        }
        System.err.println("SKIPPED: " + why);
        Assumptions.assumeTrue(false, why);
    }

    static void requireTool(String name) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                found = true;
            }
        }
        require(found, name + " is not installed on this host");
    }

    static void requireRoot() {
        require(Ownership.Process.isRoot(), "this test needs root (mount namespaces and mounts)");
    }

    /** Exit code and combined output of a process fed {@code stdin}. */
    record Run(int exit, String output) {
    }

    static Run run(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream o = p.getOutputStream()) {
                o.write(stdin);
            } catch (IOException e) {
                // the process ended early; its output says why
            }
        });
        feeder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        int rc = p.waitFor();
        feeder.join();
        return new Run(rc, out.toString(StandardCharsets.UTF_8));
    }
}
