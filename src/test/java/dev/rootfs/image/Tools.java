package dev.rootfs.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real image tools; a missing tool is handled by {@link dev.rootfs.testing.HostTools#require}.
 */
final class Tools {
    private Tools() {
    }

    static void require(String tool, String debianPackage) {
        dev.rootfs.testing.HostTools.require(tool, debianPackage);
    }

    /** Runs a command in {@code dir}, expects exit 0, returns stdout (stderr is appended on failure). */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, null, command);
    }

    static String run(Path dir, Path stdin, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("TZ", "UTC");
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Path err = File.createTempFile("tool", ".err").toPath();
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        String stderr = java.nio.file.Files.readString(err);
        java.nio.file.Files.delete(err);
        assertEquals(0, rc, () -> String.join(" ", command) + " failed:\n" + out + stderr);
        return out;
    }

    /** The lines of {@code out} that end with {@code suffix} (a member name). */
    static List<String> linesEndingWith(String out, String suffix) {
        List<String> r = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (l.endsWith(suffix)) {
                r.add(l);
            }
        }
        return r;
    }
}
