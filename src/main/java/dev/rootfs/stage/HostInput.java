package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.UserDb;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveException;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Every read of the layers' sources on the build host (archives, trees, single files, mtree specs): these lie
 * outside the target root and are only read, never written.
 */
final class HostInput {
    private static final int BUFFER = 1 << 16;

    private HostInput() {
    }

    /**
     * Opens an archive: the compression (gzip, xz, zstd, bzip2, ...) and the format (tar or cpio) are detected
     * from the content, whatever the file is called.
     */
    static ArchiveReader openArchive(Path file, Supplier<UserDb> users) throws IOException {
        InputStream raw = new BufferedInputStream(withoutAvailable(Files.newInputStream(file)), BUFFER);
        try {
            InputStream in = raw;
            String compression = null;
            try {
                compression = CompressorStreamFactory.detect(raw);
            } catch (CompressorException e) {
                // not compressed (or not in a way we know): read it as it is
            }
            if (compression != null) {
                try {
                    in = new BufferedInputStream(new CompressorStreamFactory(true)
                            .createCompressorInputStream(compression, raw), BUFFER);
                } catch (CompressorException e) {
                    throw new IOException("cannot decompress (" + compression + "): " + e.getMessage(), e);
                }
            }
            String format;
            try {
                format = ArchiveStreamFactory.detect(in);
            } catch (ArchiveException e) {
                throw new IOException("not a tar or cpio archive" + (compression == null ? ""
                        : " inside the " + compression + " compression"));
            }
            return switch (format) {
                case ArchiveStreamFactory.TAR -> new TarReader(in, users);
                case ArchiveStreamFactory.CPIO -> new CpioReader(in);
                default -> throw new IOException("a " + format + " archive; only tar and cpio are staged");
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * A file stream that does not answer {@code available()}: BufferedInputStream asks it after every read, and a
     * file channel's answer costs two system calls (fstat and lseek) each time.
     */
    private static InputStream withoutAvailable(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }
        };
    }

    static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), BUFFER);
    }

    static String readText(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** A node of a host tree: its path relative to the tree's top ("" for the top), lstat facts and link text. */
    record TreeNode(Path host, String relative, FileType type, int mode, Object inode, int nlink, FileTime mtime,
            String link) {
    }

    interface TreeVisitor {
        void visit(TreeNode node) throws StageFailure, IOException;
    }

    static TreeNode stat(Path host, String relative) throws IOException {
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,ino,dev,nlink,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileType type = FileType.fromMode(mode);
        String link = type == FileType.LINK ? Files.readSymbolicLink(host).toString() : null;
        return new TreeNode(host, relative, type, mode & 07777, List.of(a.get("dev"), a.get("ino")),
                (Integer) a.get("nlink"), (FileTime) a.get("lastModifiedTime"), link);
    }

    /** Walks a host tree without following symlinks, parents first, names sorted. */
    static void walk(Path top, TreeVisitor visitor) throws StageFailure, IOException {
        walk(top, "", visitor);
    }

    private static void walk(Path dir, String relative, TreeVisitor visitor) throws StageFailure, IOException {
        TreeNode node = stat(dir, relative);
        visitor.visit(node);
        if (node.type() != FileType.DIR) {
            return;
        }
        List<Path> children = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(children::add);
        }
        children.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
        for (Path c : children) {
            String name = c.getFileName().toString();
            walk(c, relative.isEmpty() ? name : relative + "/" + name, visitor);
        }
    }
}
