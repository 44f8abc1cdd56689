package dev.rootfs.tmpfiles;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetGlob;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The target as the lines see it: each node's type, owner and mode as the image will hold them, which is what
 * the metadata records, else what the disk says (owners only when the build may set them, otherwise root, as
 * fakeroot would). Lookups resolve inside the root: {@link #chaseSafe} is systemd's chase() with CHASE_SAFE (no
 * step from a directory owned by a non-root user to a node owned by someone else), globs are expanded inside the
 * root, and absolute symlinks met on the way are re-rooted.
 *
 * <p>Records go through {@link #record} so that the four caches below stay in step with the metadata, and
 * {@link #invalidate} is the one place they forget what they knew.
 */
final class NodeView {
    /** What a node is, as the image will hold it. */
    record Node(String path, FileType type, int mode, long uid, long gid, String link, boolean onDisk) {
    }

    private final TargetRoot root;
    private final Metadata md;
    private final UserDb users;
    private final boolean diskOwners;
    private final boolean privileged;
    private final int version;
    /** Directories (canonical path) known to exist as such in this run. */
    private final Map<String, Node> dirCache = new HashMap<>();
    /** Parents (as lines spell them) whose implicit {@code mkdir -p} already ran. */
    private final Set<String> parentsDone = new HashSet<>();
    /** Device nodes that only the metadata holds, read once from it and kept up to date by this run. */
    private java.util.TreeSet<String> metadataOnlyNodes;
    /** Hard-linked files this run made (inode key to paths): a change of one is a change of all. */
    private final Map<Object, Set<String>> linkGroups = new HashMap<>();

    NodeView(TargetRoot root, Metadata md, UserDb users, boolean diskOwners, boolean privileged, int version) {
        this.root = root;
        this.md = md;
        this.users = users;
        this.diskOwners = diskOwners;
        this.privileged = privileged;
        this.version = version;
    }

    TargetRoot root() {
        return root;
    }

    Metadata metadata() {
        return md;
    }

    UserDb users() {
        return users;
    }

    /** Whether owners are mirrored on disk. */
    boolean diskOwners() {
        return diskOwners;
    }

    /** Whether device nodes, xattrs and exact modes may go on disk: owners are mirrored and the build is root. */
    boolean onDiskAsRoot() {
        return diskOwners && privileged;
    }

    boolean has(Feature f) {
        return f.in(version);
    }

    // ---------------------------------------------------------------- looking

    /** lstat through the metadata; null when there is no node. {@code canon} has a canonical parent. */
    Node node(String canon) throws Failure {
        Node cached = dirCache.get(canon);
        if (cached != null) {
            return cached;
        }
        FileInfo fi;
        try {
            fi = root.stat(canon);
        } catch (TargetPathException e) {
            throw new Failure(e.getMessage());
        }
        MetaEntry rec = md.isEmpty() ? null : md.get(canon);
        if (fi == null) {
            if (rec != null && rec.type() != null && rec.type().mayLiveInMetadataOnly()) {
                return new Node(canon, rec.type(), rec.mode() == null ? 0644 : rec.mode(),
                        rec.uid() == null ? 0 : rec.uid(), rec.gid() == null ? 0 : rec.gid(), null, false);
            }
            return null;
        }
        if (rec != null && rec.type() != null && rec.type() != fi.type()) {
            rec = null; // a stale record of an earlier node at this path
        }
        Node n = new Node(fi.path(), fi.type(), rec != null && rec.mode() != null ? rec.mode() : fi.mode(),
                rec != null && rec.uid() != null ? rec.uid() : diskOwners ? fi.uid() : 0,
                rec != null && rec.gid() != null ? rec.gid() : diskOwners ? fi.gid() : 0, fi.linkTarget(), true);
        if (n.type() == FileType.DIR) {
            dirCache.put(canon, n);
        }
        return n;
    }

    private static boolean unsafe(long fromUid, long toUid) {
        return fromUid != 0 && fromUid != toUid;
    }

    /**
     * systemd's chase() with CHASE_SAFE inside the root: the canonical path, or null when a component is missing.
     * Fails on an unsafe ownership transition or a symlink loop.
     */
    String chaseSafe(String path, boolean followFinal) throws Failure {
        Node rootNode = node("/");
        String cur = "/";
        long curUid = rootNode.uid();
        Deque<String> todo = new ArrayDeque<>(TargetPaths.components(path));
        int hops = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.equals("..")) {
                String up = TargetPaths.parent(cur);
                Node un = node(up);
                if (unsafe(curUid, un.uid())) {
                    throw unsafeTransition(cur, up, curUid, un.uid(), path);
                }
                cur = up;
                curUid = un.uid();
                continue;
            }
            String next = TargetPaths.child(cur, name);
            Node n = node(next);
            if (n == null) {
                return null;
            }
            if (unsafe(curUid, n.uid())) {
                throw unsafeTransition(cur, next, curUid, n.uid(), path);
            }
            if (n.type() == FileType.LINK && (followFinal || !todo.isEmpty())) {
                if (++hops > TargetRoot.MAX_SYMLINK_HOPS) {
                    throw new Failure("Failed to resolve '" + path + "': Too many levels of symbolic links");
                }
                List<String> linkNames = TargetPaths.components(n.link());
                if (n.link().startsWith("/")) {
                    if (unsafe(n.uid(), rootNode.uid())) {
                        throw unsafeTransition(next, "/", n.uid(), rootNode.uid(), path);
                    }
                    cur = "/";
                    curUid = rootNode.uid();
                } else if (has(Feature.SAFE_CHASE_LINK_OWNER)) {
                    curUid = n.uid(); // 252 compares the next step with the symlink's owner
                }
                for (int i = linkNames.size() - 1; i >= 0; i--) {
                    todo.addFirst(linkNames.get(i));
                }
                continue;
            }
            if (!todo.isEmpty() && n.type() != FileType.DIR) {
                return null;
            }
            cur = next;
            curUid = n.uid();
        }
        return cur;
    }

    private static Failure unsafeTransition(String from, String to, long a, long b, String path) {
        return new Failure("Detected unsafe path transition " + from + " (owned by " + a + ") \u2192 " + to
                + " (owned by " + b + ") during canonicalization of " + path + ".");
    }

    /** The canonical path {@code path} ends at inside the root, following every symlink; null when missing. */
    String followInRoot(String path) throws Failure {
        try {
            return root.canonical(path);
        } catch (TargetPathException e) {
            throw new Failure(e.getMessage());
        }
    }

    boolean existsInRoot(String path) throws Failure {
        try {
            return root.stat(root.canonicalNoFollow(path)) != null;
        } catch (TargetPathException e) {
            throw new Failure(e.getMessage());
        }
    }

    /** A C source: resolved inside the root, the final symlink kept. */
    String sourceInRoot(String path) throws Failure {
        try {
            return root.canonicalNoFollow(path);
        } catch (TargetPathException e) {
            throw new Failure(e.getMessage());
        }
    }

    /** path_open_parent_safe(): the canonical parent directory of a line's node. */
    String parentSafe(Item it, String path) throws Failure {
        if (path.equals("/")) {
            throw new Failure("Specified path '/' is the root directory itself.");
        }
        if (TargetPaths.components(path).contains("..")) {
            throw new Failure("Failed to open parent of '" + path + "': path not normalized.");
        }
        String parent = TargetPaths.parent(path);
        String canon = chaseSafe(parent, true);
        if (canon == null) {
            throw new Failure("Failed to open path '" + parent + "': No such file or directory");
        }
        Node n = node(canon);
        if (n == null || n.type() != FileType.DIR) {
            throw new Failure.ParentNotDirectory("Failed to open path '" + parent + "': Not a directory");
        }
        return canon;
    }

    /** The canonical path of an item's own node: its parent chased safely, the final name kept. */
    String finalPath(Item it) throws Failure {
        return TargetPaths.child(parentSafe(it, it.path()), TargetPaths.name(it.path()));
    }

    /** Glob matches inside the root, plus device nodes that only the metadata holds. */
    List<String> glob(Item it) throws Failure {
        List<String> found;
        try {
            found = root.glob(it.path());
        } catch (TargetPathException e) {
            throw new Failure(e.getMessage());
        }
        boolean added = false;
        for (String d : metadataOnly()) {
            if (!found.contains(d) && TargetGlob.matchesPath(it.path(), d) && node(d) != null && !node(d).onDisk()) {
                found = new ArrayList<>(found);
                found.add(d);
                added = true;
            }
        }
        if (added) {
            found.sort(TargetPaths::compare);
        }
        return found;
    }

    /** Device nodes that only the metadata holds, read once from it and kept up to date by this run. */
    private Set<String> metadataOnly() {
        if (metadataOnlyNodes == null) {
            metadataOnlyNodes = new java.util.TreeSet<>(TargetPaths::compare);
            for (MetaEntry e : md.entries()) {
                if (e.type() != null && e.type().mayLiveInMetadataOnly()) {
                    metadataOnlyNodes.add(e.path());
                }
            }
        }
        return metadataOnlyNodes;
    }

    /** A node and everything below it, parents first, never following symlinks. */
    List<String> tree(String canon) throws Failure {
        List<String> out = new ArrayList<>();
        Node n = canon == null ? null : node(canon);
        if (n == null) {
            return out;
        }
        if (!n.onDisk()) {
            out.add(canon); // a device node only the metadata holds
            return out;
        }
        try {
            root.walk(canon, info -> {
                out.add(info.path());
                return true;
            });
        } catch (TargetPathException e) {
            throw new Failure(e.getMessage());
        }
        return out;
    }

    /** The names in a directory, sorted; fails when it is absent or no directory. */
    List<String> list(String canon) throws Failure {
        try {
            return root.listDirectory(canon);
        } catch (TargetPathException e) {
            throw new Failure("Failed to list " + canon + ": " + Failure.reason(e));
        }
    }

    boolean isEmptyDir(String canon) throws Failure {
        return list(canon).isEmpty();
    }

    // ---------------------------------------------------------------- recording

    /** Records a node this run created: owned by root, the group inherited from a setgid parent. */
    void recordNew(String canon, FileType type, int mode, String link, Long major, Long minor)
            throws Failure {
        md.removeTree(canon);
        Node parent = node(TargetPaths.parent(canon));
        long gid = parent != null && (parent.mode() & 02000) != 0 ? parent.gid() : 0;
        if (gid != 0 && diskOwners && privileged && type != FileType.CHAR && type != FileType.BLOCK) {
            // the kernel did the same on disk already
            gid = parent.gid();
        }
        record(new Node(canon, type, type == FileType.LINK ? 0777 : mode & 07777, 0, gid, link, true), major,
                minor);
    }

    void record(Node n, Long major, Long minor) {
        MetaEntry old = md.get(n.path());
        MetaEntry e = MetaEntry.of(n.path()).withType(n.type()).withMode(n.mode())
                .withOwner(n.uid(), users.userName(n.uid())).withGroup(n.gid(), users.groupName(n.gid()))
                .withLink(n.link());
        if (major != null) {
            e = e.withDevice(major, minor);
        } else if (old != null && old.type() == n.type()) {
            e = e.withDevice(old.devMajor(), old.devMinor());
        }
        if (old != null && old.type() == n.type()) {
            e = e.withXattrs(old.xattrs());
        }
        md.put(e);
        if (n.type() == FileType.DIR) {
            dirCache.put(n.path(), n);
        } else {
            invalidate(n.path(), false);
        }
    }

    /** Records {@code n} unless the metadata has an entry for it already. */
    void ensureRecord(Node n) {
        if (md.get(n.path()) == null) {
            record(n, null, null);
        }
    }

    /** Replaces the record of a node that keeps its type (its mode or xattrs changed). */
    void rerecord(MetaEntry e) {
        md.put(e);
        invalidate(e.path(), false);
    }

    /** A device node this run made, which globs must find even where only the metadata holds it. */
    void addMetadataOnly(String canon) {
        metadataOnly().add(canon);
    }

    /**
     * The one place the caches forget. Either the record of {@code canon} changed (only its own cached node
     * goes), or {@code canon} and everything below it were {@code removed}, on disk and from the metadata: then
     * any remembered directory or finished parent may have led through it, so all of those go.
     */
    void invalidate(String canon, boolean removed) {
        if (!removed) {
            dirCache.remove(canon);
            return;
        }
        metadataOnly().removeIf(p -> TargetPaths.isUnder(p, canon));
        dirCache.clear();
        parentsDone.clear();
    }

    /** Whether the implicit parents of {@code parent} were made already (and nothing was removed since). */
    boolean parentsDone(String parent) {
        return parentsDone.contains(parent);
    }

    void markParentsDone(String parent) {
        parentsDone.add(parent);
    }

    /** Notes that {@code first} and {@code second} are hard links of the file {@code inode}, made by this run. */
    void linked(Object inode, String first, String second) {
        linkGroups.computeIfAbsent(inode, k -> new java.util.TreeSet<>()).addAll(List.of(first, second));
    }

    /** The paths this run hard-linked to the file {@code inode}, or none. */
    Set<String> linkGroup(Object inode) {
        return linkGroups.getOrDefault(inode, Set.of());
    }

    boolean anyLinkGroups() {
        return !linkGroups.isEmpty();
    }

    // ---------------------------------------------------------------- mirroring on disk

    /** Mirrors owner and mode on disk as far as this process may. */
    void applyDisk(String canon, FileType type, int mode, long uid, long gid) throws Failure {
        try {
            if (diskOwners) {
                root.chown(canon, uid, gid);
            }
            if (type != FileType.LINK) {
                root.chmod(canon, diskMode(type, mode));
            }
        } catch (TargetPathException e) {
            throw new Failure(Failure.reason(e));
        }
    }

    /** Without root, keep owner access on disk so later lines can work inside; the metadata has the real mode. */
    int diskMode(FileType type, int mode) {
        if (privileged) {
            return mode;
        }
        return mode | (type == FileType.DIR ? 0700 : 0600);
    }
}
