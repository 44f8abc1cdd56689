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
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The file-system primitives the line types are built from, on a {@link TargetRoot} plus its {@link Metadata}.
 * A node's owner and mode are what the metadata records, else what the disk says (owners only when the build
 * may set them, otherwise root, as fakeroot would). Every change is written to the metadata; owners go on disk
 * only when {@code diskOwners}, and an unprivileged build keeps owner access to what it creates so it can go on
 * working in it, the exact mode living in the metadata.
 *
 * <p>Paths are resolved inside the root throughout: the parent of every created node is chased with systemd's
 * CHASE_SAFE rule (no step from a directory owned by a non-root user to a node owned by someone else), globs are
 * expanded inside the root, and absolute symlinks met on the way are re-rooted.
 */
final class Executor {
    /** systemd's CreationMode: whether the node was just made, existed, or replaced a wrong one. */
    enum Creation { NORMAL, EXISTING, FORCE, UNKNOWN }

    /** An action that failed; the message is systemd's where it has one. */
    static class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** The parent exists but is no directory: creating in it fails with ENOTDIR. */
    static final class ParentNotDirectory extends Failure {
        private static final long serialVersionUID = 1L;

        ParentNotDirectory(String message) {
            super(message);
        }
    }

    /** What a node is, as the image will hold it. */
    record Node(String path, FileType type, int mode, long uid, long gid, String link, boolean onDisk) {
    }

    /** Receives what happens. */
    interface Sink {
        void diagnostic(Diagnostic d);

        void applied(Item it, String path);
    }

    private final TargetRoot root;
    private final Metadata md;
    private final UserDb users;
    private final boolean diskOwners;
    private final boolean privileged;
    private final int version;
    private final Sink sink;
    private final List<Item> ignores = new ArrayList<>();
    /** Directories (canonical path) known to exist as such in this run; dropped whenever something is removed. */
    private final Map<String, Node> dirCache = new HashMap<>();
    private final Set<String> parentsDone = new HashSet<>();
    private java.util.TreeSet<String> metadataOnlyNodes;
    /** Hard-linked files this run made (inode key to paths): a change of one is a change of all. */
    private final Map<Object, Set<String>> linkGroups = new HashMap<>();

    Executor(TargetRoot root, Metadata md, UserDb users, boolean diskOwners, int version, Sink sink) {
        this.root = root;
        this.md = md;
        this.users = users;
        this.diskOwners = diskOwners;
        this.privileged = dev.rootfs.fs.Ownership.Process.isRoot();
        this.version = version;
        this.sink = sink;
    }

    boolean has(Feature f) {
        return f.in(version);
    }

    void addIgnore(Item it) {
        ignores.add(it);
    }

    // ---------------------------------------------------------------- reporting

    void warn(String path, String message) {
        sink.diagnostic(new Diagnostic(Diagnostic.Kind.WARNING, path, message));
    }

    void skipped(Item it, String path, String reason) {
        sink.diagnostic(new Diagnostic(Diagnostic.Kind.SKIPPED, it.where(), path + ": " + reason));
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
            throw new ParentNotDirectory("Failed to open path '" + parent + "': Not a directory");
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

    /** What a glob type does to one match. */
    interface MatchAction {
        void apply(String match) throws Failure;
    }

    /** Runs {@code action} on every match; a failing match is reported and the others still run, as in glob_item(). */
    void eachMatch(Item it, MatchAction action) throws Failure {
        for (String m : glob(it)) {
            try {
                action.apply(m);
            } catch (Failure f) {
                sink.diagnostic(new Diagnostic(it.mods().allowFailure() ? Diagnostic.Kind.WARNING : Diagnostic.Kind.FAILED,
                        it.where(), f.getMessage()));
            }
        }
    }

    /** A glob match for the recursive types, which open it plainly (no CHASE_SAFE), the final symlink kept. */
    String plain(String match) throws Failure {
        return sourceInRoot(match);
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

    // ---------------------------------------------------------------- creating

    /**
     * The implicit {@code mkdir -p} of a line's parents, 0755 and owned by root. With {@code =}, parents that
     * are not directories (a symlink to a directory counts as one) and a final node of the wrong type are
     * removed first. A parent that is a dangling relative symlink stops it, as the kernel's mkdir does; a
     * dangling absolute one gets its target created inside the root.
     */
    void mkdirParents(Item it, FileType childType) throws Failure {
        String parent = TargetPaths.parent(it.path());
        if (TargetPaths.components(it.path()).contains("..")) {
            return; // the path fails as not normalized; systemd creates no parent for it either
        }
        boolean replace = it.mods().replace();
        if (!replace && parentsDone.contains(parent)) {
            return;
        }
        List<String> comps = TargetPaths.components(parent);
        StringBuilder lexical = new StringBuilder();
        String cur = "/";
        for (String c : comps) {
            lexical.append('/').append(c);
            if (c.equals("..")) {
                cur = TargetPaths.parent(cur);
                continue;
            }
            String next = TargetPaths.child(cur, c);
            Node n = node(next);
            if (n == null) {
                mkdirNode(next, 0755, true);
                cur = next;
                continue;
            }
            if (n.type() == FileType.DIR) {
                cur = next;
                continue;
            }
            if (n.type() == FileType.LINK) {
                String resolved = followInRoot(next);
                Node t = node(resolved);
                if (t != null && t.type() == FileType.DIR) {
                    cur = resolved;
                    continue;
                }
                if (t == null && n.link().startsWith("/") && !replace) {
                    try {
                        root.mkdirs(next, 0755);
                    } catch (TargetPathException e) {
                        return;
                    }
                    recordNew(followInRoot(next), FileType.DIR, 0755, null, null, null);
                    cur = followInRoot(next);
                    continue;
                }
            }
            if (!replace) {
                return; // mkdir -p fails here; opening the parent will report it
            }
            removeTree(next);
            mkdirNode(next, 0755, true);
            cur = next;
        }
        if (replace && childType != null) {
            String fin = TargetPaths.child(cur, TargetPaths.name(it.path()));
            Node n = node(fin);
            if (n != null && n.type() != childType) {
                removeTree(fin);
            }
        }
        parentsDone.add(parent);
    }

    /**
     * mkdir; in a setgid directory the new one inherits the group and, unless it is an implicit parent (which
     * systemd's mkdir -p leaves at exactly 0755), the setgid bit.
     */
    private void mkdirNode(String canon, int mode, boolean implicit) throws Failure {
        Node parent = node(TargetPaths.parent(canon));
        boolean sgidParent = parent != null && (parent.mode() & 02000) != 0;
        int m = mode & 01777;
        if (sgidParent && !implicit) {
            m |= 02000;
        }
        try {
            root.mkdir(canon, diskMode(FileType.DIR, m));
            if (sgidParent && implicit) {
                root.chmod(canon, diskMode(FileType.DIR, m)); // the kernel set the setgid bit
            }
        } catch (TargetPathException e) {
            throw new Failure("Failed to create directory or subvolume \"" + canon + "\": " + reason(e));
        }
        recordNew(canon, FileType.DIR, m, null, null, null);
    }

    void mkdir(String canon, int mode) throws Failure {
        mkdirNode(canon, mode, false);
    }

    void writeNewFile(String canon, int mode, byte[] content) throws Failure {
        try {
            root.createFile(canon, diskMode(FileType.FILE, mode), content == null ? new byte[0] : content);
        } catch (TargetPathException e) {
            throw new Failure("Failed to create file " + canon + ": " + reason(e));
        }
        recordNew(canon, FileType.FILE, mode, null, null, null);
    }

    /** f+ / F on an existing file: truncate, then write the argument if any. */
    void overwriteFile(String canon, byte[] content) throws Failure {
        try {
            root.write(canon, content == null ? new byte[0] : content);
        } catch (TargetPathException e) {
            throw new Failure("Failed to truncate file " + canon + ": " + reason(e));
        }
    }

    /** w: write at offset 0 without truncating, or append (w+). */
    void writeInto(String canon, byte[] content, boolean append) throws Failure {
        try {
            if (append) {
                root.append(canon, content);
            } else {
                Path host = root.resolveNoFollow(canon);
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(host,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
                    long pos = 0;
                    while (buf.hasRemaining()) {
                        pos += ch.write(buf, pos);
                    }
                }
            }
        } catch (IOException e) {
            throw new Failure("Failed to write \"" + canon + "\": " + e.getMessage());
        }
    }

    void mkfifo(String canon, int mode) throws Failure {
        try {
            root.mkfifo(canon, diskMode(FileType.FIFO, mode));
        } catch (TargetPathException e) {
            throw new Failure("Failed to create fifo " + canon + ": " + reason(e));
        }
        recordNew(canon, FileType.FIFO, mode, null, null, null);
    }

    void symlink(String canon, String target) throws Failure {
        try {
            root.symlink(canon, target);
        } catch (TargetPathException e) {
            throw new Failure("symlink(" + target + ", " + canon + ") failed: " + reason(e));
        }
        recordNew(canon, FileType.LINK, 0777, target, null, null);
    }

    /** A device node: in the metadata always, on disk only where the build may mknod. */
    void mknod(String canon, FileType type, int mode, long major, long minor) throws Failure {
        if (diskOwners && privileged) {
            try {
                root.mknod(canon, type, mode, major, minor);
            } catch (TargetPathException e) {
                throw new Failure("Failed to create device node \"" + canon + "\": " + reason(e));
            }
        }
        recordNew(canon, type, mode, null, major, minor);
        metadataOnly().add(canon);
    }

    /** Records a node this run created: owned by root, the group inherited from a setgid parent. */
    private void recordNew(String canon, FileType type, int mode, String link, Long major, Long minor)
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

    private void record(Node n, Long major, Long minor) {
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
            dirCache.remove(n.path());
        }
    }

    /** rm -rf of a node and its records. */
    void removeTree(String canon) throws Failure {
        try {
            if (root.stat(canon) != null) {
                root.delete(canon);
            }
        } catch (TargetPathException e) {
            throw new Failure("rm -rf " + canon + " failed: " + reason(e));
        }
        md.removeTree(canon);
        metadataOnly().removeIf(p -> TargetPaths.isUnder(p, canon));
        dirCache.clear();
        parentsDone.clear();
    }

    /**
     * The C copy ({@code copy_tree_at} with REFLINK|HARDLINKS and MERGE_EMPTY, or MERGE for C+): modes, times,
     * symlinks and hard links preserved, owners from the source unless a line's user or group overrides them.
     */
    void copyTree(String src, String dst, Long uid, Long gid, boolean merge) throws Failure {
        Node s = node(src);
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
        Node d = node(dst);
        long u = uid != null ? uid : s.uid();
        long g = gid != null ? gid : s.gid();
        try {
            switch (s.type()) {
                case DIR -> {
                    boolean created = false;
                    if (d == null) {
                        root.mkdir(dst, diskMode(FileType.DIR, s.mode() | 0700));
                        created = true;
                    } else if (d.type() != FileType.DIR || !(merge || (top && isEmptyDir(dst)))) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    if (created) {
                        record(new Node(dst, FileType.DIR, s.mode() | 0700, u, g, null, true), null, null);
                    }
                    for (String name : list(src)) {
                        String cs = TargetPaths.child(src, name);
                        Node cn = node(cs);
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
                        record(new Node(dst, FileType.DIR, s.mode(), u, g, null, true), null, null);
                        applyDisk(dst, FileType.DIR, s.mode(), u, g);
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
                        record(new Node(dst, FileType.FILE, s.mode(), u, g, null, true), null, null);
                        linkGroups.computeIfAbsent(root.stat(dst).inode(), k -> new java.util.TreeSet<>()).addAll(
                                List.of(first, dst));
                        return;
                    }
                    Files.copy(root.resolveNoFollow(src), root.resolveNoFollow(dst),
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (fi != null && fi.nlink() > 1) {
                        links.put(fi.inode(), dst);
                    }
                    record(new Node(dst, FileType.FILE, s.mode(), u, g, null, true), null, null);
                    applyDisk(dst, FileType.FILE, s.mode(), u, g);
                }
                case LINK -> {
                    if (d != null) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    root.symlink(dst, s.link());
                    record(new Node(dst, FileType.LINK, 0777, u, g, s.link(), true), null, null);
                    applyDisk(dst, FileType.LINK, 0777, u, g);
                    root.setModifiedTime(dst, root.modifiedTime(src));
                }
                case FIFO -> {
                    if (d != null) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    root.mkfifo(dst, diskMode(FileType.FIFO, s.mode()));
                    record(new Node(dst, FileType.FIFO, s.mode(), u, g, null, true), null, null);
                    applyDisk(dst, FileType.FIFO, s.mode(), u, g);
                }
                case CHAR, BLOCK -> {
                    if (d != null) {
                        throw new Failure("Failed to copy files to " + dst + ": File exists");
                    }
                    MetaEntry rec = md.get(src);
                    FileInfo fi = root.stat(src);
                    long major = fi != null ? fi.devMajor() : rec != null && rec.devMajor() != null ? rec.devMajor() : 0;
                    long minor = fi != null ? fi.devMinor() : rec != null && rec.devMinor() != null ? rec.devMinor() : 0;
                    if (diskOwners && privileged) {
                        root.mknod(dst, s.type(), s.mode(), major, minor);
                    }
                    record(new Node(dst, s.type(), s.mode(), u, g, null, diskOwners && privileged), major, minor);
                }
                default -> throw new Failure("Failed to copy " + src + ": cannot copy a " + s.type().mtreeName());
            }
        } catch (IOException e) {
            throw new Failure("Failed to copy files to " + dst + ": " + e.getMessage());
        }
    }

    private boolean isEmptyDir(String canon) throws Failure {
        return list(canon).isEmpty();
    }

    private List<String> list(String canon) throws Failure {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolveNoFollow(canon))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new Failure("Failed to list " + canon + ": " + e.getMessage());
        }
        names.sort(TargetPaths::compareNames);
        return names;
    }

    // ---------------------------------------------------------------- adjusting

    /**
     * systemd's fd_set_perms(): owner and mode from the line, {@code :} fields only on creation, {@code ~} masks,
     * symlinks get their owner but never a mode, and the mode is re-applied after a chown so that setuid and
     * setgid bits survive it.
     */
    void setPerms(Item it, String canon, Node st, Creation creation) throws Failure {
        if (st == null) {
            return;
        }
        Mode mode = it.mode();
        if (!mode.set() && !it.uid().set() && !it.gid().set()) {
            return;
        }
        boolean existing = creation == Creation.EXISTING;
        long newUid = it.uid().set() && (!existing || !it.uid().onlyCreate()) ? it.uid().id() : st.uid();
        long newGid = it.gid().set() && (!existing || !it.gid().onlyCreate()) ? it.gid().id() : st.gid();
        boolean chown = newUid != st.uid() || newGid != st.gid();
        int newMode = st.mode() & 07777;
        boolean chmod = false;
        if (mode.set() && (!existing || !mode.onlyCreate()) && st.type() != FileType.LINK) {
            int m = mode.applyTo(st.mode(), st.type() == FileType.DIR);
            if (((st.mode() ^ m) & 07777) != 0) {
                chmod = true;
            }
            newMode = m;
        }
        if (!chown && !chmod) {
            return;
        }
        record(new Node(canon, st.type(), st.type() == FileType.LINK ? 0777 : newMode, newUid, newGid, st.link(),
                st.onDisk()), null, null);
        if (st.type() == FileType.FILE && !linkGroups.isEmpty()) {
            try {
                FileInfo fi = root.stat(canon);
                for (String other : fi == null ? Set.<String>of() : linkGroups.getOrDefault(fi.inode(), Set.of())) {
                    FileInfo oi = other.equals(canon) ? null : root.stat(other);
                    if (oi != null && oi.inode().equals(fi.inode())) { // still the same file, not replaced since
                        record(new Node(other, FileType.FILE, newMode, newUid, newGid, null, true), null, null);
                    }
                }
            } catch (TargetPathException e) {
                throw new Failure(e.getMessage());
            }
        }
        if (st.onDisk()) {
            try {
                if (diskOwners && chown) {
                    root.chown(canon, newUid, newGid);
                }
                // chown clears setuid/setgid, so those modes are set again after it, as systemd does
                boolean modeChanges = diskMode(st.type(), newMode) != diskMode(st.type(), st.mode());
                boolean chownCleared = chown && diskOwners && (newMode & 06000) != 0;
                if (st.type() != FileType.LINK && (modeChanges || chownCleared)) {
                    root.chmod(canon, diskMode(st.type(), newMode));
                }
            } catch (TargetPathException e) {
                throw new Failure(reason(e));
            }
        }
    }

    /** Mirrors owner and mode on disk as far as this process may. */
    private void applyDisk(String canon, FileType type, int mode, long uid, long gid) throws Failure {
        try {
            if (diskOwners) {
                root.chown(canon, uid, gid);
            }
            if (type != FileType.LINK) {
                root.chmod(canon, diskMode(type, mode));
            }
        } catch (TargetPathException e) {
            throw new Failure(reason(e));
        }
    }

    /** Without root, keep owner access on disk so later lines can work inside; the metadata has the real mode. */
    private int diskMode(FileType type, int mode) {
        if (privileged) {
            return mode;
        }
        return mode | (type == FileType.DIR ? 0700 : 0600);
    }

    void setXattrs(Item it, String canon) throws Failure {
        Node n = canon == null ? null : node(canon);
        if (n == null) {
            return;
        }
        MetaEntry old = md.get(canon);
        TreeMap<String, String> x = new TreeMap<>(old == null ? Map.of() : old.xattrs());
        for (String pair : it.xattrs()) {
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            byte[] value = pair.substring(eq + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.put(name, Base64.getEncoder().encodeToString(value));
            if (diskOwners && privileged) {
                try {
                    root.setXattr(canon, name, value);
                } catch (TargetPathException e) {
                    throw new Failure("Setting extended attribute " + name + " on " + canon + " failed: "
                            + reason(e));
                }
            }
        }
        ensureRecord(n);
        md.put(md.get(canon).withXattrs(x));
    }

    void setAcl(Item it, String canon) throws Failure {
        Node n = canon == null ? null : node(canon);
        if (n == null || n.type() == FileType.LINK) {
            return;
        }
        Acl acl = Acl.parse(it.argumentText(), users, has(Feature.ACL_CONDITIONAL_EXECUTE));
        if (acl == null) {
            return;
        }
        ensureRecord(n);
        MetaEntry e = md.get(canon);
        TreeMap<String, String> x = new TreeMap<>(e.xattrs());
        int mode = acl.apply(x, n.mode(), n.type() == FileType.DIR, it.mods().plus());
        md.put(e.withXattrs(x).withMode(mode));
        if (n.onDisk() && mode != n.mode()) {
            applyDisk(canon, n.type(), mode, n.uid(), n.gid());
        }
        dirCache.remove(canon);
    }

    void setAttributes(Item it, String canon) throws Failure {
        if (canon == null || node(canon) == null) {
            return;
        }
        skipped(it, canon, "file attributes (chattr " + it.attributes()
                + ") belong to the image's file system; the metadata has no field for them");
    }

    private void ensureRecord(Node n) {
        if (md.get(n.path()) == null) {
            record(n, null, null);
        }
    }

    // ---------------------------------------------------------------- removing (--remove)

    private boolean ignored(String canon, boolean contentsToo) throws Failure {
        if (!has(Feature.REMOVE_HONOURS_IGNORE)) {
            return false;
        }
        for (Item x : ignores) {
            for (String m : glob(x)) {
                String c = chaseSafe(m, false);
                if (c == null) {
                    continue;
                }
                if (c.equals(canon) || (x.type() == LineType.IGNORE_PATH && TargetPaths.isUnder(canon, c))) {
                    return true;
                }
                if (contentsToo && TargetPaths.isUnder(c, canon)) {
                    return true;
                }
            }
        }
        return false;
    }

    void removeIfEmpty(Item it, String path) throws Failure {
        String canon = chaseSafe(path, false);
        Node n = canon == null ? null : node(canon);
        if (n == null || ignored(canon, false)) {
            return;
        }
        if (n.type() == FileType.DIR && !isEmptyDir(canon)) {
            return;
        }
        removeTree(canon);
        sink.applied(it, canon);
    }

    void removeRecursively(Item it, String path) throws Failure {
        String canon = chaseSafe(path, false);
        if (canon == null || node(canon) == null) {
            return;
        }
        if (ignored(canon, true)) {
            removeChildren(canon);
            return;
        }
        removeTree(canon);
        sink.applied(it, canon);
    }

    void removeContents(Item it, String path) throws Failure {
        String canon = chaseSafe(path, false);
        Node n = canon == null ? null : node(canon);
        if (n == null || n.type() != FileType.DIR) {
            return;
        }
        removeChildren(canon);
        sink.applied(it, canon);
    }

    private void removeChildren(String dir) throws Failure {
        for (String name : list(dir)) {
            String c = TargetPaths.child(dir, name);
            if (ignored(c, false)) {
                continue;
            }
            Node n = node(c);
            if (n != null && n.type() == FileType.DIR && ignored(c, true)) {
                removeChildren(c);
            } else {
                removeTree(c);
            }
        }
    }

    static String reason(TargetPathException e) {
        String m = e.getMessage();
        String prefix = e.targetPath() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    static boolean isGlobPattern(String p) {
        return TargetGlob.hasWildcards(p);
    }
}
