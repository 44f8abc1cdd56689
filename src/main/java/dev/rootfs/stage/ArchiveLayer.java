package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tar or cpio archive (plain or compressed) unpacked into the root, read as a stream. Hostile entries stop the
 * run naming the archive, the entry's index and name and the reason: {@code ..} components, absolute names,
 * names with NUL or newline, entries through a symlink an earlier entry laid down, hard links to outside or to
 * an entry the archive did not create, type changes, sizes beyond the free space, truncated or corrupt data.
 * A later entry of the same name and type replaces the earlier one, as tar does.
 *
 * @param file     the archive on the build host
 * @param label    how messages name it (the file name, or the Maven coordinates it was resolved from)
 * @param includes globs of target paths to take (all when empty)
 * @param excludes globs of target paths to leave out
 * @param prefix   target directory the archive is unpacked under ("/" for the root)
 */
public record ArchiveLayer(Path file, String label, List<Glob> includes, List<Glob> excludes, String prefix)
        implements Layer {
    @Override
    public List<Path> sources() {
        return List.of(file);
    }


    public ArchiveLayer {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        prefix = TargetPaths.normalize(prefix == null || prefix.isEmpty() ? "/" : prefix);
    }

    /** The whole archive at the root. */
    public static ArchiveLayer of(Path file) {
        return new ArchiveLayer(file, file.toString(), List.of(), List.of(), "/");
    }

    @Override
    public String describe() {
        return "archive " + label;
    }

    @Override
    public void apply(Staging s) throws StageFailure, IOException {
        ArchiveReader reader;
        try {
            reader = HostInput.openArchive(file, s::users);
        } catch (IOException e) {
            throw new StageFailure(describe(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
        try (reader) {
            new Unpack(s, reader).run();
        }
    }

    /** One pass over the entries. */
    private final class Unpack {
        private final Staging s;
        private final ArchiveReader reader;
        /** Regular files this archive created, for its hard links. */
        private final Set<String> files = new HashSet<>();
        /** cpio's (device, inode) of multiply linked files to their names so far. */
        private final Map<String, List<String>> inodes = new HashMap<>();
        private int index;
        private String lastName = null;

        Unpack(Staging s, ArchiveReader reader) {
            this.s = s;
            this.reader = reader;
        }

        void run() throws StageFailure, IOException {
            while (true) {
                ArchiveRecord r;
                try {
                    r = reader.next();
                } catch (IOException | RuntimeException e) {
                    throw new StageFailure(describe() + " entry " + (index + 1)
                            + (lastName == null ? "" : " (after '" + printable(lastName) + "')"),
                            "corrupt or truncated archive: " + message(e));
                }
                if (r == null) {
                    return;
                }
                index++;
                lastName = r.name();
                String where = describe() + " entry " + index + " '" + printable(r.name()) + "'";
                try {
                    entry(where, r);
                } catch (TargetPathException e) {
                    throw new StageFailure(where, e.getMessage());
                }
            }
        }

        private void entry(String where, ArchiveRecord r) throws StageFailure, IOException {
            String rel = relative(where, r.name());
            String path = TargetPaths.normalize(prefix + "/" + rel);
            boolean wanted = (includes.isEmpty() || Glob.any(includes, path)) && !Glob.any(excludes, path);
            if (!wanted) {
                drain(where, r);
                return;
            }
            if (r.size() < 0 || r.size() > s.usableSpace()) {
                throw new StageFailure(where, "declares " + r.size() + " bytes of content, more than the "
                        + s.usableSpace() + " bytes free for the root");
            }
            // names are checked as they are, before any symlink: an entry may not be written through one
            String canon = s.root().canonicalNoFollow(path);
            if (!canon.equals(path)) {
                throw new StageFailure(where, "lies beyond a symlink (" + path + " resolves to " + canon
                        + "); an entry may not be written through a symlink");
            }
            if (r.hardLink() != null) {
                hardLink(where, r, path);
                return;
            }
            s.place(where, path, r.type());
            switch (r.type()) {
                case DIR -> s.mkdir(path, r.mode(), r.mtime());
                case FILE -> file(where, r, path);
                case LINK -> {
                    if (r.link() == null || r.link().isEmpty() || r.link().indexOf('\0') >= 0) {
                        throw new StageFailure(where, "symlink with an empty or NUL-containing target");
                    }
                    s.root().symlink(path, r.link());
                }
                case FIFO -> s.root().mkfifo(path, r.mode() & 0777);
                case CHAR, BLOCK -> {
                    if (s.applyOwnership()) {
                        s.root().mknod(path, r.type(), r.mode(), r.devMajor(), r.devMinor());
                    }
                }
                case SOCKET -> {
                    // recorded only: a socket is made by the program that listens on it
                }
                default -> throw new StageFailure(where, "unsupported type");
            }
            if (r.type() == FileType.FILE) {
                files.add(path);
            } else {
                files.remove(path);
            }
            s.record(path, r.type(), r.mode(), r.uid(), r.gid(), r.link(), r.devMajor(), r.devMinor(), r.xattrs());
        }

        private void file(String where, ArchiveRecord r, String path) throws StageFailure, IOException {
            InputStream in = reader.content();
            long n;
            try {
                n = s.root().createFile(path, r.mode() & 0777 | 0600, in, s.buffer());
            } catch (TargetPathException e) {
                throw e;
            } catch (IOException e) {
                throw new StageFailure(where, "corrupt or truncated archive: " + message(e));
            }
            if (n != r.size()) {
                throw new StageFailure(where, "truncated archive: " + n + " of " + r.size() + " bytes");
            }
            if ((r.mode() & 07777) != (r.mode() & 0777 | 0600)) {
                s.root().chmod(path, r.mode());
            }
            if (r.linkKey() != null) {
                // cpio: the names of one inode share a key, and the data comes with one of them (often the last)
                List<String> names = inodes.computeIfAbsent(r.linkKey(), k -> new ArrayList<>());
                names.removeIf(other -> !files.contains(other) || other.equals(path));
                if (!names.isEmpty()) {
                    if (n > 0) {
                        for (String other : names) {
                            s.root().delete(other);
                            s.root().hardlink(other, path);
                        }
                    } else {
                        s.root().delete(path);
                        s.root().hardlink(path, names.get(0));
                    }
                }
                names.add(path);
            }
            s.setTime(path, r.mtime());
        }

        private void hardLink(String where, ArchiveRecord r, String path) throws StageFailure, IOException {
            if (r.hardLink().indexOf('\0') >= 0 || r.hardLink().indexOf('\n') >= 0) {
                throw new StageFailure(where, "hard link target contains a NUL or newline");
            }
            String target = TargetPaths.normalize(prefix + "/" + relative(where + " (hard link target)",
                    r.hardLink()));
            if (!files.contains(target)) {
                throw new StageFailure(where, "hard link to " + target + ", which no earlier entry of this archive "
                        + "created as a regular file");
            }
            if (target.equals(path)) {
                return;
            }
            s.place(where, path, FileType.FILE);
            s.root().hardlink(path, target);
            files.add(path);
            var rec = s.metadata().get(target);
            if (rec != null) {
                s.metadata().put(rec.withPath(path));
            }
        }

        private void drain(String where, ArchiveRecord r) throws StageFailure {
            try {
                reader.content().skip(Long.MAX_VALUE);
                InputStream in = reader.content();
                while (in.read(s.buffer()) > 0) {
                    // skip() may stop early; what is left is read away
                }
            } catch (IOException e) {
                throw new StageFailure(where, "corrupt or truncated archive: " + message(e));
            }
        }

        /** The checked relative path of an entry name: no NUL, newline, absolute name or "..". */
        private String relative(String where, String name) throws StageFailure {
            if (name.indexOf('\0') >= 0) {
                throw new StageFailure(where, "the name contains a NUL byte");
            }
            if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw new StageFailure(where, "the name contains a newline");
            }
            if (name.startsWith("/")) {
                throw new StageFailure(where, "absolute name; archive names must be relative to the root");
            }
            List<String> parts = new ArrayList<>();
            for (String c : name.split("/")) {
                if (c.equals("..")) {
                    throw new StageFailure(where, "the name has a '..' component");
                }
                if (!c.isEmpty() && !c.equals(".")) {
                    parts.add(c);
                }
            }
            return String.join("/", parts);
        }
    }

    static String printable(String name) {
        return name.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
