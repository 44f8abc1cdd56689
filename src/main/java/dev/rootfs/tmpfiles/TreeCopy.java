package dev.rootfs.tmpfiles;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.tmpfiles.NodeView.Node;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The tree copy of the {@code C} lines, node by node through the {@link NodeView} so that every copy is recorded. */
final class TreeCopy {
    private final NodeView view;
    private final TargetRoot root;

    TreeCopy(NodeView view) {
        this.view = view;
        this.root = view.root();
    }

    /**
     * The C copy ({@code copy_tree_at} with REFLINK|HARDLINKS and MERGE_EMPTY, or MERGE for C+): modes, times,
     * symlinks and hard links preserved, owners from the source unless a line's user or group overrides them.
     */
    void copy(String src, String dst, Long uid, Long gid, boolean merge) throws Failure {
        Node s = view.node(src);
        if (s == null) {
            throw new Failure("Failed to copy files to " + dst + ": source " + src + " vanished");
        }
        if (TargetPaths.isUnder(dst, src)) {
            throw new Failure("Failed to copy files to " + dst + ": it lies inside the source " + src);
        }
        copyNode(src, s, dst, uid, gid, merge, true, new HashMap<>());
    }

    private void copyNode(String src, Node s, String dst, Long uid, Long gid, boolean merge, boolean top,
            Map<Object, String> links) throws Failure {
        Node d = view.node(dst);
        long u = uid != null ? uid : s.uid();
        long g = gid != null ? gid : s.gid();
        try {
            switch (s.type()) {
                case DIR -> {
                    boolean created = false;
                    if (d == null) {
                        root.mkdir(dst, view.diskMode(FileType.DIR, s.mode() | 0700));
                        created = true;
                    } else if (d.type() != FileType.DIR || !(merge || (top && view.isEmptyDir(dst)))) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    if (created) {
                        view.record(new Node(dst, FileType.DIR, s.mode() | 0700, u, g, null, true), null, null);
                    }
                    for (String name : view.list(src)) {
                        String cs = TargetPaths.child(src, name);
                        Node cn = view.node(cs);
                        if (cn == null) {
                            continue;
                        }
                        try {
                            copyNode(cs, cn, TargetPaths.child(dst, name), uid, gid, merge, false, links);
                        } catch (Failure f) {
                            if (!merge) {
                                throw f;
                            }
                        }
                    }
                    if (created) {
                        view.record(new Node(dst, FileType.DIR, s.mode(), u, g, null, true), null, null);
                        view.applyDisk(dst, FileType.DIR, s.mode(), u, g);
                        root.setModifiedTime(dst, root.modifiedTime(src));
                    }
                }
                case FILE -> {
                    if (d != null) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    FileInfo fi = root.stat(src);
                    String first = fi != null && fi.nlink() > 1 ? links.get(fi.inode()) : null;
                    if (first != null) {
                        root.hardlink(dst, first);
                        view.record(new Node(dst, FileType.FILE, s.mode(), u, g, null, true), null, null);
                        view.linked(root.stat(dst).inode(), first, dst);
                        return;
                    }
                    root.copyFile(src, dst);
                    if (fi != null && fi.nlink() > 1) {
                        links.put(fi.inode(), dst);
                    }
                    view.record(new Node(dst, FileType.FILE, s.mode(), u, g, null, true), null, null);
                    view.applyDisk(dst, FileType.FILE, s.mode(), u, g);
                }
                case LINK -> {
                    if (d != null) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    root.symlink(dst, s.link());
                    view.record(new Node(dst, FileType.LINK, 0777, u, g, s.link(), true), null, null);
                    view.applyDisk(dst, FileType.LINK, 0777, u, g);
                    root.setModifiedTime(dst, root.modifiedTime(src));
                }
                case FIFO -> {
                    if (d != null) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    root.mkfifo(dst, view.diskMode(FileType.FIFO, s.mode()));
                    view.record(new Node(dst, FileType.FIFO, s.mode(), u, g, null, true), null, null);
                    view.applyDisk(dst, FileType.FIFO, s.mode(), u, g);
                }
                case CHAR, BLOCK -> {
                    if (d != null) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    MetaEntry rec = view.metadata().get(src);
                    FileInfo fi = root.stat(src);
                    long major = fi != null ? fi.devMajor()
                            : rec != null && rec.devMajor() != null ? rec.devMajor() : 0;
                    long minor = fi != null ? fi.devMinor()
                            : rec != null && rec.devMinor() != null ? rec.devMinor() : 0;
                    if (view.onDiskAsRoot()) {
                        root.mknod(dst, s.type(), s.mode(), major, minor);
                    }
                    view.record(new Node(dst, s.type(), s.mode(), u, g, null, view.onDiskAsRoot()), major, minor);
                }
                default -> throw new Failure("Failed to copy " + src + ": cannot copy a " + s.type().mtreeName());
            }
        } catch (IOException e) {
            throw new Failure("Failed to copy files to " + dst + ": " + e.getMessage());
        }
    }
}
