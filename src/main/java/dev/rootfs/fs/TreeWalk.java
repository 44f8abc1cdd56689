package dev.rootfs.fs;

import static dev.rootfs.fs.TargetRoot.lstat;
import static dev.rootfs.fs.TargetRoot.mtimeSeconds;
import static dev.rootfs.fs.TargetRoot.reason;
import static dev.rootfs.fs.TargetRoot.toInfo;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks of a {@link TargetRoot}'s tree, in one thread or with directories read ahead on all cores. Neither
 * follows a symlink: directories are opened relative to their parent with {@code O_NOFOLLOW} (or checked to be
 * the directory their parent listed), so one swapped for a symlink while the walk runs is reported, not read.
 */
public final class TreeWalk {
    private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private TreeWalk() {
    }

    /**
     * A node met during a walk, beyond what {@link FileInfo} says: its modification time, and its content
     * opened relative to the parent directory the walk holds open (openat with O_NOFOLLOW), so reading it
     * costs no path resolution and cannot be redirected by a symlink swapped in meanwhile.
     */
    public interface Node {
        /** Modification time in whole seconds since the epoch. */
        long mtimeSeconds();

        /** Opens a regular file for reading. */
        SeekableByteChannel open() throws IOException;
    }

    private record WalkedNode(long mtimeSeconds, SecureDirectoryStream<Path> dir, Path name, Path host)
            implements Node {
        @Override
        public SeekableByteChannel open() throws IOException {
            return dir != null ? dir.newByteChannel(name, READ_NOFOLLOW) : Files.newByteChannel(host, READ_NOFOLLOW);
        }
    }

    /** Receives the nodes of a walk in sorted order, parents before children. */
    public interface Visitor {
        /** Called for every node; return false to not descend into a directory. */
        boolean visit(FileInfo info) throws TargetPathException;

        /** Called for every node instead of {@link #visit(FileInfo)} by walks; override to read the node. */
        default boolean visit(FileInfo info, Node node) throws TargetPathException {
            return visit(info);
        }

        /** Called after a directory's children. */
        default void leave(FileInfo dir) throws TargetPathException {
        }

        /** A node that could not be read, or changed while the walk ran; the walk goes on. */
        default void error(TargetPathException e) throws TargetPathException {
            throw e;
        }
    }

    /** The first node of a walk. */
    private record Start(String path, Path host, FileInfo info, Node node) {
    }

    private static Start start(TargetRoot root, String targetPath) throws TargetPathException {
        String start = root.canonicalNoFollow(targetPath);
        Path host = root.hostPath(start);
        try {
            Map<String, Object> a = lstat(host);
            return new Start(start, host, toInfo(start, host, a), new WalkedNode(mtimeSeconds(a), null, null, host));
        } catch (NoSuchFileException e) {
            throw new TargetPathException(targetPath, "does not exist");
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
        }
    }

    /**
     * Walks the tree at {@code targetPath} (its parent chased, itself not followed) without following any
     * symlink, children sorted by {@link TargetPaths#compareNames}. Each directory is opened relative to its
     * parent's descriptor with O_NOFOLLOW, so a directory replaced by a symlink mid-walk is reported via
     * {@link Visitor#error} instead of being listed.
     */
    static void walk(TargetRoot root, String targetPath, Visitor visitor) throws TargetPathException {
        Start top = start(root, targetPath);
        String start = top.path();
        Path host = top.host();
        FileInfo info = top.info();
        if (!visitor.visit(info, top.node()) || info.type() != FileType.DIR) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
            if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                throw new TargetPathException(targetPath, "this platform cannot walk directories safely");
            }
            walkDir(sds, host, start, visitor);
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            visitor.error(new TargetPathException(start, "cannot list directory: " + reason(e), e));
        }
        visitor.leave(info);
    }

    private static void walkDir(SecureDirectoryStream<Path> dir, Path dirHost, String dirPath, Visitor visitor)
            throws TargetPathException {
        List<String> names = new ArrayList<>();
        for (Path p : dir) {
            names.add(p.getFileName().toString());
        }
        names.sort(TargetPaths::compareNames);
        for (String name : names) {
            String childPath = TargetPaths.child(dirPath, name);
            Path childHost = dirHost.resolve(name);
            FileInfo info;
            Node node;
            try {
                Map<String, Object> a = lstat(childHost);
                info = toInfo(childPath, childHost, a);
                node = new WalkedNode(mtimeSeconds(a), dir, childHost.getFileName(), childHost);
            } catch (IOException e) {
                visitor.error(new TargetPathException(childPath, "vanished or unreadable during the walk: "
                        + reason(e), e));
                continue;
            }
            if (!visitor.visit(info, node) || info.type() != FileType.DIR) {
                continue;
            }
            try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(childHost.getFileName(),
                    LinkOption.NOFOLLOW_LINKS)) {
                walkDir(sub, childHost, childPath, visitor);
            } catch (FileSystemException e) {
                visitor.error(new TargetPathException(childPath,
                        "changed during the walk (no longer a directory), not followed: " + reason(e), e));
                continue;
            } catch (IOException e) {
                visitor.error(new TargetPathException(childPath, "cannot list directory: " + reason(e), e));
                continue;
            }
            visitor.leave(info);
        }
    }

    /**
     * Like {@link TargetRoot#walk}, with the same order and visitor calls, but directories are listed and their nodes
     * stat'ed ahead on all cores while the visitor runs in the caller's thread. For read-only consumers such as
     * listings and archives. Each directory is opened by path and then checked to be the very directory (same
     * device and inode) that its parent listed, so a directory swapped for a symlink is reported, not read.
     */
    static void walkParallel(TargetRoot root, String targetPath, Visitor visitor) throws TargetPathException {
        Start top = start(root, targetPath);
        Path host = top.host();
        FileInfo info = top.info();
        if (!visitor.visit(info, top.node()) || info.type() != FileType.DIR) {
            return;
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            Object key;
            try {
                key = Files.readAttributes(host, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
            } catch (IOException e) {
                throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
            }
            consume(pool.submit(new DirScanTask(host, info, key)).join(), visitor);
            visitor.leave(info);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void consume(DirScan scan, Visitor visitor) throws TargetPathException {
        if (scan.error != null) {
            visitor.error(scan.error);
            return;
        }
        for (int i = 0; i < scan.children.size(); i++) {
            Object child = scan.children.get(i);
            if (child instanceof TargetPathException e) {
                visitor.error(e);
                continue;
            }
            Scanned sc = (Scanned) child;
            FileInfo ci = sc.info();
            DirScanTask sub = scan.subdirs.get(i);
            if (!visitor.visit(ci, sc.node()) || sub == null) {
                if (sub != null) {
                    sub.cancel(false);
                }
                continue;
            }
            DirScan s = sub.join();
            consume(s, visitor);
            if (s.error == null) {
                visitor.leave(ci);
            }
        }
    }

    /** A node found by the parallel walk; its content is opened by path, without following symlinks. */
    private record Scanned(FileInfo info, Node node) {
    }

    /** One listed directory: its children (Scanned or the error for that name) and tasks for subdirectories. */
    private static final class DirScan {
        final List<Object> children = new ArrayList<>();
        final List<DirScanTask> subdirs = new ArrayList<>();
        TargetPathException error;
    }

    private static final class DirScanTask extends java.util.concurrent.RecursiveTask<DirScan> {
        private static final long serialVersionUID = 1L;
        private final transient Path host;
        private final transient FileInfo dir;
        private final transient Object expectedKey;

        DirScanTask(Path host, FileInfo dir, Object expectedKey) {
            this.host = host;
            this.dir = dir;
            this.expectedKey = expectedKey;
        }

        @Override
        protected DirScan compute() {
            DirScan scan = new DirScan();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
                if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                    scan.error = new TargetPathException(dir.path(), "this platform cannot walk directories safely");
                    return scan;
                }
                if (!java.util.Objects.equals(expectedKey, sds.getFileAttributeView(BasicFileAttributeView.class)
                        .readAttributes().fileKey())) {
                    scan.error = new TargetPathException(dir.path(),
                            "changed during the walk (no longer the directory that was listed), not followed");
                    return scan;
                }
                List<Path> names = new ArrayList<>();
                for (Path p : sds) {
                    names.add(p.getFileName());
                }
                names.sort((a, b) -> TargetPaths.compareNames(a.toString(), b.toString()));
                for (Path name : names) {
                    String childPath = TargetPaths.child(dir.path(), name.toString());
                    Path childHost = host.resolve(name);
                    try {
                        Map<String, Object> a = lstat(childHost);
                        FileInfo info = toInfo(childPath, childHost, a);
                        scan.children.add(new Scanned(info, new WalkedNode(mtimeSeconds(a), null, null, childHost)));
                        DirScanTask sub = null;
                        if (info.type() == FileType.DIR) {
                            // the key comes from the open parent, so the child is checked against what was listed
                            Object key = sds.getFileAttributeView(name, BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS).readAttributes().fileKey();
                            sub = new DirScanTask(childHost, info, key);
                            sub.fork();
                        }
                        scan.subdirs.add(sub);
                    } catch (IOException e) {
                        scan.children.add(new TargetPathException(childPath, "vanished or unreadable during the walk: "
                                + reason(e), e));
                        scan.subdirs.add(null);
                    }
                }
            } catch (IOException e) {
                scan.error = new TargetPathException(dir.path(), "changed during the walk or unreadable, not followed: "
                        + reason(e), e);
            }
            return scan;
        }
    }

}
