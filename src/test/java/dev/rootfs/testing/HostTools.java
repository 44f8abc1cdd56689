package dev.rootfs.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
