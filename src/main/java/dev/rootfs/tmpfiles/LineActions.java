package dev.rootfs.tmpfiles;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import dev.rootfs.tmpfiles.NodeView.Node;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the line types are built from: creating, adjusting and removing nodes as systemd-tmpfiles does, on a
 * {@link TargetRoot} plus its {@link Metadata}, looking through a {@link NodeView}. Every change is written to the
 * metadata; owners go on disk only when {@code diskOwners}, and an unprivileged build keeps owner access to what
 * it creates so it can go on working in it, the exact mode living in the metadata.
 */
final class LineActions {
    /** systemd's CreationMode: whether the node was just made, existed, or replaced a wrong one. */
    enum Creation { NORMAL, EXISTING, FORCE, UNKNOWN }

    /** Receives what happens. */
    interface Sink {
        void diagnostic(Diagnostic d);

        void applied(Item it, String path);
    }

    private final NodeView view;
    private final TreeCopy treeCopy;
    private final TargetRoot root;
    private final Metadata md;
    private final UserDb users;
    private final Sink sink;
    private final List<Item> ignores = new ArrayList<>();

    LineActions(TargetRoot root, Metadata md, UserDb users, boolean diskOwners, int version, Sink sink) {
        this.view = new NodeView(root, md, users, diskOwners, dev.rootfs.fs.Ownership.Process.isRoot(), version);
        this.treeCopy = new TreeCopy(view);
        this.root = root;
        this.md = md;
        this.users = users;
        this.sink = sink;
    }

    /** The nodes as the lines see them. */
    NodeView view() {
        return view;
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

    void skipped(Item it, String path, String reason, Diagnostic.Reason why) {
        sink.diagnostic(new Diagnostic(Diagnostic.Kind.SKIPPED, it.where(), path + ": " + reason, why, null));
    }

    /** What a glob type does to one match. */
    interface MatchAction {
        void apply(String match) throws Failure;
    }

    /** Runs {@code action} on every match; a failing match is reported and the others still run, as in glob_item(). */
    void eachMatch(Item it, MatchAction action) throws Failure {
        for (String m : view.glob(it)) {
            try {
                action.apply(m);
            } catch (Failure f) {
                sink.diagnostic(new Diagnostic(it.mods().allowFailure() ? Diagnostic.Kind.WARNING
                        : Diagnostic.Kind.FAILED, it.where(), f.getMessage()));
            }
        }
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
        if (!replace && view.parentsDone(parent)) {
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
            Node n = view.node(next);
            if (n == null) {
                mkdirNode(next, 0755, !replace);
                cur = next;
                continue;
            }
            if (n.type() == FileType.DIR) {
                cur = next;
                continue;
            }
            if (n.type() == FileType.LINK) {
                String resolved = view.followInRoot(next);
                Node t = view.node(resolved);
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
                    view.recordNew(view.followInRoot(next), FileType.DIR, 0755, null, null, null);
                    cur = view.followInRoot(next);
                    continue;
                }
            }
            if (!replace) {
                return; // mkdir -p fails here; opening the parent will report it
            }
            removeTree(next);
            mkdirNode(next, 0755, false);
            cur = next;
        }
        if (replace && childType != null) {
            String fin = TargetPaths.child(cur, TargetPaths.name(it.path()));
            Node n = view.node(fin);
            if (n != null && n.type() != childType) {
                removeTree(fin);
            }
        }
        view.markParentsDone(parent);
    }

    /**
     * mkdir; in a setgid directory the new one inherits the group and, unless it is an implicit parent made by
     * systemd's mkdir -p (which leaves it at exactly 0755), the setgid bit. Parents of {@code =} lines come from
     * systemd's remove-if-wrong-type walk instead, which keeps the bit the kernel gives them.
     */
    private void mkdirNode(String canon, int mode, boolean implicit) throws Failure {
        Node parent = view.node(TargetPaths.parent(canon));
        boolean sgidParent = parent != null && (parent.mode() & 02000) != 0;
        int m = mode & 01777;
        if (sgidParent && !implicit) {
            m |= 02000;
        }
        try {
            root.mkdir(canon, view.diskMode(FileType.DIR, m));
            if (sgidParent && implicit) {
                root.chmod(canon, view.diskMode(FileType.DIR, m)); // the kernel set the setgid bit
            }
        } catch (TargetPathException e) {
            throw new Failure("Failed to create directory or subvolume \"" + canon + "\": " + Failure.reason(e));
        }
        view.recordNew(canon, FileType.DIR, m, null, null, null);
    }

    void mkdir(String canon, int mode) throws Failure {
        mkdirNode(canon, mode, false);
    }

    void writeNewFile(String canon, int mode, byte[] content) throws Failure {
        try {
            root.createFile(canon, view.diskMode(FileType.FILE, mode), content == null ? new byte[0] : content);
        } catch (TargetPathException e) {
            throw new Failure("Failed to create file " + canon + ": " + Failure.reason(e));
        }
        view.recordNew(canon, FileType.FILE, mode, null, null, null);
    }

    /**
     * f+ / F on an existing file: truncate, then write the argument if any. Like systemd's truncate_file(), an
     * empty file is not truncated and, without an argument, not written at all, so an empty file on a read-only
     * or immutable node passes.
     */
    void overwriteFile(String canon, byte[] content) throws Failure {
        byte[] data = content == null ? new byte[0] : content;
        try {
            FileInfo fi = root.stat(canon);
            if (data.length == 0 && fi != null && fi.size() == 0) {
                return;
            }
            root.write(canon, data);
        } catch (TargetPathException e) {
            throw new Failure("Failed to truncate file " + canon + ": " + Failure.reason(e));
        }
    }

    /** w: write at offset 0 without truncating, or append (w+). */
    void writeInto(String canon, byte[] content, boolean append) throws Failure {
        try {
            if (append) {
                root.append(canon, content);
            } else {
                root.writeAt(canon, 0, content);
            }
        } catch (TargetPathException e) {
            throw new Failure("Failed to write \"" + canon + "\": " + e.getMessage());
        }
    }

    void mkfifo(String canon, int mode) throws Failure {
        try {
            root.mkfifo(canon, view.diskMode(FileType.FIFO, mode));
        } catch (TargetPathException e) {
            throw new Failure("Failed to create fifo " + canon + ": " + Failure.reason(e));
        }
        view.recordNew(canon, FileType.FIFO, mode, null, null, null);
    }

    void symlink(String canon, String target) throws Failure {
        try {
            root.symlink(canon, target);
        } catch (TargetPathException e) {
            throw new Failure("symlink(" + target + ", " + canon + ") failed: " + Failure.reason(e));
        }
        view.recordNew(canon, FileType.LINK, 0777, target, null, null);
    }

    /** A device node: in the metadata always, on disk only where the build may mknod. */
    void mknod(String canon, FileType type, int mode, long major, long minor) throws Failure {
        if (view.onDiskAsRoot()) {
            try {
                root.mknod(canon, type, mode, major, minor);
            } catch (TargetPathException e) {
                throw new Failure("Failed to create device node \"" + canon + "\": " + Failure.reason(e));
            }
        }
        view.recordNew(canon, type, mode, null, major, minor);
        view.addMetadataOnly(canon);
    }

    /** rm -rf of a node and its records. */
    void removeTree(String canon) throws Failure {
        try {
            if (root.stat(canon) != null) {
                root.delete(canon);
            }
        } catch (TargetPathException e) {
            throw new Failure("rm -rf " + canon + " failed: " + Failure.reason(e));
        }
        md.removeTree(canon);
        view.invalidate(canon, true);
    }

    /**
     * The C copy ({@code copy_tree_at} with REFLINK|HARDLINKS and MERGE_EMPTY, or MERGE for C+): modes, times,
     * symlinks and hard links preserved, owners from the source unless a line's user or group overrides them.
     */
    void copyTree(String src, String dst, Long uid, Long gid, boolean merge) throws Failure {
        treeCopy.copy(src, dst, uid, gid, merge);
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
        view.record(new Node(canon, st.type(), st.type() == FileType.LINK ? 0777 : newMode, newUid, newGid, st.link(),
                st.onDisk()), null, null);
        if (st.type() == FileType.FILE && view.anyLinkGroups()) {
            try {
                FileInfo fi = root.stat(canon);
                for (String other : fi == null ? Set.<String>of() : view.linkGroup(fi.inode())) {
                    FileInfo oi = other.equals(canon) ? null : root.stat(other);
                    if (oi != null && oi.inode().equals(fi.inode())) { // still the same file, not replaced since
                        view.record(new Node(other, FileType.FILE, newMode, newUid, newGid, null, true), null, null);
                    }
                }
            } catch (TargetPathException e) {
                throw new Failure(e.getMessage());
            }
        }
        if (st.onDisk()) {
            try {
                if (view.diskOwners() && chown) {
                    root.chown(canon, newUid, newGid);
                }
                // chown clears setuid/setgid, so those modes are set again after it, as systemd does
                boolean modeChanges = view.diskMode(st.type(), newMode) != view.diskMode(st.type(), st.mode());
                boolean chownCleared = chown && view.diskOwners() && (newMode & 06000) != 0;
                if (st.type() != FileType.LINK && (modeChanges || chownCleared)) {
                    root.chmod(canon, view.diskMode(st.type(), newMode));
                }
            } catch (TargetPathException e) {
                throw new Failure(Failure.reason(e));
            }
        }
    }

    void setXattrs(Item it, String canon) throws Failure {
        Node n = canon == null ? null : view.node(canon);
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
            if (view.onDiskAsRoot()) {
                try {
                    root.setXattr(canon, name, value);
                } catch (TargetPathException e) {
                    throw new Failure("Setting extended attribute " + name + " on " + canon + " failed: "
                            + Failure.reason(e));
                }
            }
        }
        view.ensureRecord(n);
        view.rerecord(md.get(canon).withXattrs(x));
    }

    void setAcl(Item it, String canon) throws Failure {
        Node n = canon == null ? null : view.node(canon);
        if (n == null || n.type() == FileType.LINK) {
            return;
        }
        Acl acl = Acl.parse(it.argumentText(), users, view.has(Feature.ACL_CONDITIONAL_EXECUTE));
        if (acl == null) {
            return;
        }
        view.ensureRecord(n);
        MetaEntry e = md.get(canon);
        TreeMap<String, String> x = new TreeMap<>(e.xattrs());
        int mode = acl.apply(x, n.mode(), n.type() == FileType.DIR, it.mods().plus());
        view.rerecord(e.withXattrs(x).withMode(mode));
        if (n.onDisk() && mode != n.mode()) {
            view.applyDisk(canon, n.type(), mode, n.uid(), n.gid());
        }
    }

    void setAttributes(Item it, String canon) throws Failure {
        if (canon == null || view.node(canon) == null) {
            return;
        }
        skipped(it, canon, "file attributes (chattr " + it.attributes()
                + ") belong to the image's file system; the metadata has no field for them");
    }

    // ---------------------------------------------------------------- removing (--remove)

    private boolean ignored(String canon, boolean contentsToo) throws Failure {
        if (!view.has(Feature.REMOVE_HONOURS_IGNORE)) {
            return false;
        }
        for (Item x : ignores) {
            for (String m : view.glob(x)) {
                String c = view.chaseSafe(m, false);
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
        String canon = view.chaseSafe(path, false);
        Node n = canon == null ? null : view.node(canon);
        if (n == null || ignored(canon, false)) {
            return;
        }
        if (n.type() == FileType.DIR && !view.isEmptyDir(canon)) {
            return;
        }
        removeTree(canon);
        sink.applied(it, canon);
    }

    void removeRecursively(Item it, String path) throws Failure {
        String canon = view.chaseSafe(path, false);
        if (canon == null || view.node(canon) == null) {
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
        String canon = view.chaseSafe(path, false);
        Node n = canon == null ? null : view.node(canon);
        if (n == null || n.type() != FileType.DIR) {
            return;
        }
        removeChildren(canon);
        sink.applied(it, canon);
    }

    private void removeChildren(String dir) throws Failure {
        for (String name : view.list(dir)) {
            String c = TargetPaths.child(dir, name);
            if (ignored(c, false)) {
                continue;
            }
            Node n = view.node(c);
            if (n != null && n.type() == FileType.DIR && ignored(c, true)) {
                removeChildren(c);
            } else {
                removeTree(c);
            }
        }
    }
}
