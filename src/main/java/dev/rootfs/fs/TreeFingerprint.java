package dev.rootfs.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A digest of what a tree or file looks like to a rebuild: every node's path, type, mode, owner, size,
 * modification time and link target, read with {@code lstat} and never following a symlink. Content is not
 * read (that would cost as much as the work a rebuild saves); a changed file has a changed size or mtime, as
 * make and Maven's own up-to-date checks assume.
 */
public final class TreeFingerprint {
    public static final String ABSENT = "absent";

    private TreeFingerprint() {
    }

    /** The digest of the tree at {@code dir} (or of a single file), {@link #ABSENT} when nothing is there. */
    public static String of(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return ABSENT;
        }
        List<String> lines = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                lines.add(line(dir, d));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                lines.add(line(dir, f));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed while walking: the digest differs anyway
                }
                throw e;
            }
        });
        lines.sort(null);
        MessageDigest md = sha256();
        for (String l : lines) {
            md.update(l.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The digest of several trees or files, in the given order (a missing one counts as absent). */
    public static String ofAll(List<Path> paths) throws IOException {
        MessageDigest md = sha256();
        for (Path p : paths) {
            md.update((p.toAbsolutePath() + "=" + of(p) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The digest of a string, for keys made of configuration text. */
    public static String ofText(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String line(Path base, Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,ino",
                LinkOption.NOFOLLOW_LINKS);
        String rel = base.relativize(p).toString();
        String link = ((Integer) a.get("mode") & 0170000) == 0120000 ? Files.readSymbolicLink(p).toString() : "";
        return rel + '\0' + a.get("mode") + '\0' + a.get("uid") + '\0' + a.get("gid") + '\0' + a.get("size") + '\0'
                + ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant() + '\0' + a.get("ino")
                + '\0' + link + '\n';
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
