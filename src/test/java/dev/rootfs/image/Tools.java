package dev.rootfs.image;

import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        Processes.Command c = Processes.command(command).directory(dir).env("LC_ALL", "C").env("TZ", "UTC");
        if (stdin != null) {
            c.stdin(stdin);
        }
        return c.runOk().stdout();
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
