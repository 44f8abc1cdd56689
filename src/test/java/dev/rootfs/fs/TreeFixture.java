package dev.rootfs.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Builds host trees for tests and fingerprints them, to prove nothing outside a root changed. */
public final class TreeFixture {
    private TreeFixture() {
    }

    public static Path file(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    public static Path link(Path p, String target) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
    }

    /** Paths, types, modes, link targets and contents of a host tree, without following symlinks. */
    public static String fingerprint(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = s.sorted().toList();
            for (Path p : all) {
                sb.append(dir.relativize(p)).append(' ')
                        .append(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)).append(' ');
                if (Files.isSymbolicLink(p)) {
                    sb.append("-> ").append(Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    sb.append(sha(Files.readAllBytes(p)));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
