package dev.rootfs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The host's systemd units copied into a test root, so {@code systemd-analyze verify --root} judges generated
 * units next to the real local-fs.target, local-fs-pre.target and umount.target, and finds cycles through them.
 */
public final class HostUnits {
    public static final Path DIR = Path.of("/usr/lib/systemd/system");

    private HostUnits() {
    }

    /** Copies the host's unit files into {@code root} (absolute links, i.e. masks to /dev/null, left out). */
    public static void copyInto(Path root) throws IOException {
        HostTools.requireThat(Files.isDirectory(DIR), DIR + " is missing on this host");
        Path units = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        try (Stream<Path> s = Files.walk(DIR)) {
            for (Path p : s.toList()) {
                Path dest = units.resolve(DIR.relativize(p).toString());
                if (Files.exists(dest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    Path link = Files.readSymbolicLink(p);
                    if (!link.isAbsolute()) {
                        Files.createSymbolicLink(dest, link);
                    }
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
