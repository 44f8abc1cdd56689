package dev.rootfs.fs;

import static dev.rootfs.fs.TargetRoot.reason;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/**
 * Moving, copying and deleting whole subtrees of a {@link TargetRoot}, with its resolution: sources and
 * destinations are resolved inside the root and no symlink below them is followed.
 */
final class Subtrees {
    private Subtrees() {
    }

    static void move(TargetRoot root, String from, String to) throws TargetPathException {
        Path src = root.resolveNoFollow(from);
        root.forgetDirectories();
        if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetPathException(from, "cannot move: does not exist");
        }
        root.mkdirs(TargetPaths.parent(TargetPaths.normalize(to)), 0755);
        Path dst = root.resolveNoFollow(to);
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetPathException(to, "cannot move " + from + " here: destination exists");
        }
        if (dst.startsWith(src)) {
            throw new TargetPathException(to, "cannot move " + from + " into itself");
        }
        try {
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TargetPathException(from, "cannot move to " + to + ": " + reason(e), e);
        }
    }

    static void copy(TargetRoot root, String from, String to) throws TargetPathException {
        String src = root.canonicalNoFollow(from);
        String dst = TargetPaths.normalize(to);
        if (TargetPaths.isUnder(root.canonicalNoFollow(dst), src)) {
            throw new TargetPathException(to, "cannot copy " + from + " into itself");
        }
        if (!dst.equals("/")) {
            root.mkdirs(TargetPaths.parent(dst), 0755);
        }
        List<TargetPathException> problems = new ArrayList<>();
        root.walk(src, new TreeWalk.Visitor() {
            @Override
            public boolean visit(FileInfo info) throws TargetPathException {
                String out = TargetPaths.rebase(info.path(), src, dst);
                switch (info.type()) {
                    case DIR -> {
                        if (root.stat(out) == null) {
                            root.mkdir(out, info.mode() | 0700);
                        }
                    }
                    case FILE -> {
                        root.copyFile(info.path(), out);
                        root.chmod(out, info.mode());
                    }
                    case LINK -> root.symlink(out, info.linkTarget());
                    case FIFO -> root.mkfifo(out, info.mode());
                    default -> problems.add(new TargetPathException(info.path(),
                            "cannot copy a " + info.type().mtreeName() + " node; its metadata record describes it"));
                }
                return true;
            }

            @Override
            public void leave(FileInfo dir) throws TargetPathException {
                String out = TargetPaths.rebase(dir.path(), src, dst);
                root.chmod(out, dir.mode());
                try {
                    Files.getFileAttributeView(root.resolveNoFollow(out), BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).setTimes(Files.getLastModifiedTime(
                                    root.resolveNoFollow(dir.path()), LinkOption.NOFOLLOW_LINKS), null, null);
                } catch (IOException e) {
                    throw new TargetPathException(out, "cannot set time: " + reason(e), e);
                }
            }

            @Override
            public void error(TargetPathException e) {
                problems.add(e);
            }
        });
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    static void delete(TargetRoot root, String targetPath) throws TargetPathException {
        Path host = root.resolveNoFollow(targetPath);
        root.forgetDirectories();
        if (host.equals(root.hostRoot())) {
            throw new TargetPathException(targetPath, "refusing to delete the root itself");
        }
        try {
            if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
                    if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                        throw new TargetPathException(targetPath, "this platform cannot delete safely");
                    }
                    deleteChildren(sds, targetPath);
                }
            }
            Files.deleteIfExists(host);
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot delete: " + reason(e), e);
        }
    }

    private static void deleteChildren(SecureDirectoryStream<Path> dir, String targetPath) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path p : dir) {
            names.add(p.getFileName());
        }
        for (Path name : names) {
            String child = TargetPaths.child(targetPath, name.toString());
            boolean isDir = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
            if (isDir) {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    deleteChildren(sub, child);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }
}
