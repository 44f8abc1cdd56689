package dev.rootfs.stage;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The root being staged and what the layers share: the new metadata, which layer made each path (to name both
 * layers of a type conflict), and the final modes and times of directories, which go on disk only at the end so
 * that an unprivileged build can still write into a directory an archive says is {@code 0555}.
 */
public final class Staging {
    private final TargetRoot root;
    private final Metadata metadata = new Metadata();
    private final boolean applyOwnership;
    private final boolean overwrite;
    /**
     * The layer that made each path. The root starts empty and every node is made through {@link #place}, so a
     * path missing here does not exist: most entries of a large archive need no stat at all.
     */
    private final Map<String, Integer> origin = new HashMap<>();
    /** Directories made so far (a parent found here needs no stat). */
    private final java.util.Set<String> dirs = new java.util.HashSet<>();
    private final Map<String, Integer> dirModes = new HashMap<>();
    private final Map<String, Long> dirTimes = new HashMap<>();
    private final List<String> layerNames = new ArrayList<>();
    private final byte[] buffer = new byte[1 << 17];
    private final long usableSpace;
    private UserDb users;
    private int layer = -1;

    Staging(TargetRoot root, boolean applyOwnership, boolean overwrite) throws TargetPathException {
        this.root = root;
        this.applyOwnership = applyOwnership;
        this.overwrite = overwrite;
        this.usableSpace = root.usableSpace();
        dirs.add("/");
    }

    TargetRoot root() {
        return root;
    }

    Metadata metadata() {
        return metadata;
    }

    boolean applyOwnership() {
        return applyOwnership;
    }

    byte[] buffer() {
        return buffer;
    }

    long usableSpace() {
        return usableSpace;
    }

    void beginLayer(String name) {
        layerNames.add(name);
        layer = layerNames.size() - 1;
        users = null;
    }

    /** The target's users and groups as staged so far (an earlier layer may have brought /etc/passwd). */
    UserDb users() {
        if (users == null) {
            try {
                users = UserDb.load(root);
            } catch (TargetPathException e) {
                users = UserDb.empty();
            }
        }
        return users;
    }

    /** The node at {@code path}, or null. */
    FileInfo stat(String path) throws TargetPathException {
        return root.stat(path);
    }

    /**
     * Makes room for a node of {@code type} at {@code path} (a normalised path whose parents hold no symlink):
     * creates missing parent directories, and removes an existing node of the same type (a directory is kept and
     * returned). A node of another type is a conflict: within one layer it fails, across layers it fails naming
     * both unless {@code overwrite} is set, in which case the old subtree goes.
     *
     * @return the existing directory's info when {@code type} is a directory that exists, else null
     */
    FileInfo place(String where, String path, FileType type) throws StageFailure, TargetPathException {
        if (path.equals("/")) {
            if (type != FileType.DIR) {
                throw new StageFailure(where, "the root can only be a directory, not a " + type.mtreeName());
            }
            return root.stat("/");
        }
        String parent = TargetPaths.parent(path);
        if (!dirs.contains(parent)) {
            FileInfo p = root.stat(parent);
            if (p == null) {
                makeParents(where, parent);
            } else if (p.type() != FileType.DIR) {
                throw new StageFailure(where, "its parent " + parent + " is a " + p.type().mtreeName()
                        + (p.type() == FileType.LINK ? " (an entry may not be written through a symlink)" : ""));
            }
            dirs.add(parent);
        }
        if (!origin.containsKey(path)) {
            origin.put(path, layer);
            return null;
        }
        FileInfo existing = root.stat(path);
        MetaEntry recorded = metadata.get(path);
        FileType have = existing != null ? existing.type() : recorded != null ? recorded.type() : null;
        if (have == null) {
            origin.put(path, layer);
            return null;
        }
        if (have == type) {
            origin.put(path, layer);
            if (type == FileType.DIR) {
                return existing;
            }
            remove(path, existing != null);
            return null;
        }
        Integer from = origin.get(path);
        if (from != null && from == layer) {
            throw new StageFailure(where, "changes the type of " + path + " from " + have.mtreeName() + " to "
                    + type.mtreeName() + " within the same layer");
        }
        if (!overwrite) {
            throw new StageFailure(where, path + " is a " + have.mtreeName() + " in "
                    + (from == null ? "an earlier layer" : layerNames.get(from)) + " but a " + type.mtreeName()
                    + " in " + layerNames.get(layer) + " (set overwrite to let the later layer replace it)");
        }
        remove(path, existing != null);
        origin.put(path, layer);
        return null;
    }

    private void makeParents(String where, String dir) throws StageFailure, TargetPathException {
        String parent = TargetPaths.parent(dir);
        FileInfo p = root.stat(parent);
        if (p == null) {
            makeParents(where, parent);
        } else if (p.type() != FileType.DIR) {
            throw new StageFailure(where, "its parent " + parent + " is a " + p.type().mtreeName()
                    + (p.type() == FileType.LINK ? " (an entry may not be written through a symlink)" : ""));
        }
        if (metadata.get(dir) != null) {
            throw new StageFailure(where, "its parent " + dir + " is a " + metadata.get(dir).type().mtreeName());
        }
        root.mkdir(dir, 0755);
        origin.put(dir, layer);
        dirs.add(dir);
    }

    private void remove(String path, boolean onDisk) throws TargetPathException {
        if (onDisk) {
            root.delete(path);
        }
        metadata.removeTree(path);
        dirs.removeIf(d -> TargetPaths.isUnder(d, path));
        origin.keySet().removeIf(d -> TargetPaths.isUnder(d, path) && !d.equals(path));
        dirModes.keySet().removeIf(d -> TargetPaths.isUnder(d, path));
        dirTimes.keySet().removeIf(d -> TargetPaths.isUnder(d, path));
    }

    /** Creates a directory (writable for the build until {@link #finish()} sets its real mode). */
    void mkdir(String path, int mode, Long mtime) throws TargetPathException {
        if (!dirs.contains(path) && root.stat(path) == null) {
            root.mkdir(path, mode | 0700);
        }
        dirs.add(path);
        dirModes.put(path, mode);
        if (mtime != null) {
            dirTimes.put(path, mtime);
        } else {
            dirTimes.remove(path);
        }
    }

    /** The mode a directory will get. */
    Integer dirMode(String path) {
        return dirModes.get(path);
    }

    void setTime(String path, long mtime) throws TargetPathException {
        root.setModifiedTime(path, FileTime.from(mtime, java.util.concurrent.TimeUnit.SECONDS));
    }

    /**
     * Records what the disk of an unprivileged build cannot hold: owners other than 0:0, set-id and sticky bits,
     * device and socket nodes, xattrs. With {@code applyOwnership} the owners and xattrs also go on disk.
     */
    void record(String path, FileType type, int mode, long uid, long gid, String link, long major, long minor,
            SortedMap<String, String> xattrs) throws TargetPathException {
        boolean xa = xattrs != null && !xattrs.isEmpty();
        boolean needed = uid != 0 || gid != 0 || (mode & 07000) != 0 || type.mayLiveInMetadataOnly() || xa;
        if (!needed) {
            metadata.remove(path);
        } else {
            boolean device = type.isDevice();
            metadata.put(new MetaEntry(path, type, mode, uid, gid, null, null, type == FileType.LINK ? link : null,
                    device ? major : null, device ? minor : null, xa ? new TreeMap<>(xattrs) : null, null));
        }
        // a node made by root is 0:0 already
        if (!applyOwnership || !xa && uid == 0 && gid == 0 && Ownership.Process.isRoot()) {
            return;
        }
        FileInfo now = root.stat(path);
        if (now == null) {
            return;
        }
        if (now.uid() != uid || now.gid() != gid) {
            root.chown(path, uid, gid);
            if ((mode & 07000) != 0 && type != FileType.DIR) {
                root.chmod(path, mode); // chown clears set-id bits
            }
        }
        if (xa) {
            for (Map.Entry<String, String> x : xattrs.entrySet()) {
                root.setXattr(path, x.getKey(), java.util.Base64.getDecoder().decode(x.getValue()));
            }
        }
    }

    /** The owner, group and mode a node has so far (its record over the disk, 0:0 when unrecorded). */
    MetaEntry current(String path) throws TargetPathException {
        MetaEntry rec = metadata.get(path);
        FileInfo disk = root.stat(path);
        FileType type = disk != null ? disk.type() : rec != null ? rec.type() : null;
        if (type == null) {
            return null;
        }
        int mode = rec != null && rec.mode() != null ? rec.mode()
                : type == FileType.DIR && dirModes.containsKey(path) ? dirModes.get(path)
                : disk != null ? disk.mode() : 0;
        return new MetaEntry(path, type, mode, rec != null && rec.uid() != null ? rec.uid() : 0L,
                rec != null && rec.gid() != null ? rec.gid() : 0L, null, null,
                disk != null ? disk.linkTarget() : rec.link(),
                rec != null ? rec.devMajor() : disk != null && type.isDevice() ? disk.devMajor() : null,
                rec != null ? rec.devMinor() : disk != null && type.isDevice() ? disk.devMinor() : null,
                rec != null ? rec.xattrs() : null, null);
    }

    /** Changes the mode, owner and group of an existing node (null keeps the value). */
    void update(String path, Integer mode, Long uid, Long gid) throws TargetPathException {
        MetaEntry cur = current(path);
        int m = mode != null ? mode : cur.mode();
        if (cur.type() == FileType.DIR) {
            dirModes.put(path, m);
        } else if (mode != null && root.stat(path) != null) {
            root.chmod(path, m);
        }
        record(path, cur.type(), m, uid != null ? uid : cur.uid(), gid != null ? gid : cur.gid(), cur.link(),
                cur.devMajor() == null ? 0 : cur.devMajor(), cur.devMinor() == null ? 0 : cur.devMinor(),
                cur.xattrs());
    }

    /** Every path staged so far (on disk or only in the metadata), for rules that match globs. */
    List<String> paths() throws TargetPathException {
        List<String> out = new ArrayList<>();
        root.walk("/", info -> {
            out.add(info.path());
            return true;
        });
        for (MetaEntry e : metadata.entries()) {
            if (e.type() != null && e.type().mayLiveInMetadataOnly() && root.stat(e.path()) == null) {
                out.add(e.path());
            }
        }
        return out;
    }

    /** Puts the directories' real modes and times on disk, deepest first. */
    void finish() throws TargetPathException {
        List<String> dirs = new ArrayList<>(dirModes.keySet());
        dirs.sort((a, b) -> TargetPaths.compare(b, a));
        for (String d : dirs) {
            if (root.stat(d) != null) {
                root.chmod(d, dirModes.get(d));
            }
        }
        List<String> timed = new ArrayList<>(dirTimes.keySet());
        timed.sort((a, b) -> TargetPaths.compare(b, a));
        for (String d : timed) {
            if (root.stat(d) != null) {
                setTime(d, dirTimes.get(d));
            }
        }
    }
}
