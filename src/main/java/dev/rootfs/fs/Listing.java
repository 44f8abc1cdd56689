package dev.rootfs.fs;

import dev.rootfs.report.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The canonical view of a target root: every node of the tree, with the owners, modes, types and devices
 * the metadata records laid over what the disk holds. This is what an image built from the root contains.
 *
 * <p>Rules: a recorded field wins over the disk. An unrecorded owner is 0:0 (fakeroot semantics) unless
 * {@code diskOwners} (a build running as root), where the owner on disk counts. A char, block or socket
 * record needs no node on disk (an unprivileged build cannot mknod), as long as its parent directory is
 * there; libarchive reads such records the same way. A record without a type gets the disk's type. A type disagreement with the disk is reported and the
 * disk wins. Any other record for a path that is not in the tree is reported and dropped. Extended attributes
 * follow the owners' rule: a record's xattrs win; without them, those on disk count where the disk's owners do.
 */
public final class Listing {
    /** How to build a listing. */
    public record Options(boolean digests, boolean diskOwners) {
    }

    private Listing() {
    }

    /**
     * Walks the whole root, emitting entries in path order to {@code sink}; returns the problems. Records
     * for paths missing from the tree are removed from {@code md}.
     */
    public static List<Problem> generate(TargetRoot root, Metadata md, UserDb users, Options opts,
            Consumer<MetaEntry> sink) throws TargetPathException {
        return generate(root, "/", md, users, opts, (e, node, info) -> sink.accept(e));
    }

    /**
     * Like {@link #generate(TargetRoot, Metadata, UserDb, Options, Consumer)} for the subtree at {@code start}
     * (a canonical directory path); only records in that subtree are checked and dropped.
     */
    public static List<Problem> generate(TargetRoot root, String start, Metadata md, UserDb users, Options opts,
            Consumer<MetaEntry> sink) throws TargetPathException {
        return generate(root, start, md, users, opts, (e, node, info) -> sink.accept(e));
    }

    /** Receives each listed entry with the walked node it came from (null for metadata-only records). */
    public interface NodeSink {
        void accept(MetaEntry entry, TreeWalk.Node node, FileInfo disk) throws TargetPathException;
    }

    /** As {@link #generate(TargetRoot, String, Metadata, UserDb, Options, Consumer)}, also handing over each node. */
    public static List<Problem> generate(TargetRoot root, String start, Metadata md, UserDb users, Options opts,
            NodeSink sink) throws TargetPathException {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        MessageDigest sha = opts.digests() ? sha256() : null;
        byte[] buf = opts.digests() ? new byte[1 << 16] : null;
        Deque<MetaEntry> metadataOnly = new ArrayDeque<>();
        Set<String> parents = new HashSet<>();
        List<MetaEntry> records = start.equals("/") ? List.copyOf(md.entries()) : md.subtree(start);
        // extended attributes on disk count under the rule owners follow: only where the disk's owners count
        Map<Object, MetaEntry> firstLinks = new java.util.HashMap<>();
        Map<String, SortedMap<String, String>> diskXattrs = opts.diskOwners() ? DiskXattrs.read(root, start)
                : Map.of();
        for (MetaEntry rec : records) {
            if (rec.type() != null && rec.type().mayLiveInMetadataOnly()) {
                metadataOnly.add(rec);
                parents.add(TargetPaths.parent(rec.path()));
            }
        }
        NodeSink out = (e, node, info) -> {
            // records that exist only in the metadata slot in before the first walked path after them
            while (!metadataOnly.isEmpty() && TargetPaths.compare(metadataOnly.peekFirst().path(), e.path()) <= 0) {
                MetaEntry v = metadataOnly.removeFirst();
                if (!v.path().equals(e.path()) && seen.contains(TargetPaths.parent(v.path()))) {
                    seen.add(v.path());
                    sink.accept(metadataOnlyEntry(v, users), null, null);
                }
            }
            sink.accept(e, node, info);
        };
        root.walkParallel(start, new TreeWalk.Visitor() {
            @Override
            public boolean visit(FileInfo info) {
                throw new IllegalStateException("walks call visit(FileInfo, Node)");
            }

            @Override
            public boolean visit(FileInfo info, TreeWalk.Node node) throws TargetPathException {
                MetaEntry rec = md.isEmpty() ? null : md.get(info.path());
                if (rec != null || parents.contains(info.path())) {
                    seen.add(info.path()); // only what the record checks below ask about: no set of every path
                }
                if (rec != null && rec.type() == null) {
                    // libarchive needs type= on every record, so the written-back metadata gets the disk's
                    rec = rec.withType(info.type()).withLink(info.linkTarget());
                    md.put(rec);
                }
                MetaEntry e = merge(info, rec, opts.diskOwners(), problems);
                SortedMap<String, String> x = diskXattrs.get(info.path());
                if (x != null && e.xattrs().isEmpty()) {
                    e = e.withXattrs(x); // a record's xattrs win, as its owner does
                }
                if (e.type() == FileType.FILE && info.nlink() > 1) {
                    // the names of one inode share its owner, mode and xattrs, as any image of the root holds
                    // them: the first name's entry speaks for all
                    MetaEntry first = firstLinks.putIfAbsent(info.inode(), e);
                    if (first != null) {
                        e = new MetaEntry(e.path(), first.type(), first.mode(), first.uid(), first.gid(),
                                first.uname(), first.gname(), null, null, null, first.xattrs(), null);
                    }
                }
                e = withNames(e, users);
                if (sha != null && e.type() == FileType.FILE) {
                    e = e.withSha256(digest(root, info.path(), sha, buf));
                }
                out.accept(e, node, info);
                return true;
            }

            @Override
            public void error(TargetPathException e) {
                problems.add(Problem.warning(e.targetPath(), e.getMessage().substring(e.targetPath().length() + 2)));
            }
        });
        for (MetaEntry v : metadataOnly) {
            if (seen.contains(TargetPaths.parent(v.path()))) {
                seen.add(v.path());
                sink.accept(metadataOnlyEntry(v, users), null, null);
            }
        }
        for (MetaEntry rec : records) {
            if (!seen.contains(rec.path())) {
                problems.add(Problem.warning(rec.path(), rec.type() != null && rec.type().mayLiveInMetadataOnly()
                        ? "the metadata records a " + rec.type().mtreeName()
                                + " node whose parent directory is not in the root; record dropped"
                        : "the metadata records a path that does not exist in the root; record dropped"));
                md.remove(rec.path());
            }
        }
        return problems;
    }

    /** Convenience: the whole listing in memory. */
    public static List<MetaEntry> list(TargetRoot root, Metadata md, UserDb users, Options opts,
            List<Problem> problems) throws TargetPathException {
        List<MetaEntry> out = new ArrayList<>();
        problems.addAll(generate(root, md, users, opts, out::add));
        return out;
    }

    /** The entry the disk alone describes, before the metadata is laid over it. */
    public static MetaEntry fromDisk(FileInfo info, boolean diskOwners) {
        boolean link = info.type() == FileType.LINK;
        boolean device = info.type().isDevice();
        // one record per node: listings build one of these for every entry of the tree
        return new MetaEntry(info.path(), info.type(), link ? 0777 : info.mode(), diskOwners ? info.uid() : 0L,
                diskOwners ? info.gid() : 0L, null, null, link ? info.linkTarget() : null,
                device ? info.devMajor() : null, device ? info.devMinor() : null, null, null);
    }

    /** The entry the listing shows for {@code info}: {@code rec} laid over the disk, type or link disagreements reported. */
    public static MetaEntry merge(FileInfo info, MetaEntry rec, boolean diskOwners, List<Problem> problems) {
        MetaEntry disk = fromDisk(info, diskOwners);
        if (rec == null) {
            return disk;
        }
        MetaEntry r = rec.withPath(info.path());
        if (r.type() != null && r.type() != info.type()) {
            problems.add(Problem.warning(info.path(), "the metadata says type=" + r.type().mtreeName()
                    + " but the root holds a " + info.type().mtreeName() + "; the root wins"));
            r = r.withType(null).withDevice(null, null);
        }
        if (r.link() != null && info.type() == FileType.LINK && !r.link().equals(info.linkTarget())) {
            problems.add(Problem.warning(info.path(), "the metadata says link=" + r.link()
                    + " but the symlink points to " + info.linkTarget() + "; the root wins"));
            r = r.withLink(null);
        }
        MetaEntry merged = r.over(disk);
        return merged.type() == FileType.LINK ? merged.withMode(0777) : merged;
    }

    /** A device or socket node that only its record describes; unrecorded owners are 0:0. */
    private static MetaEntry metadataOnlyEntry(MetaEntry rec, UserDb users) {
        return withNames(rec.over(MetaEntry.of(rec.path()).withOwner(0L, null).withGroup(0L, null)), users);
    }

    /** Fills uname/gname from the target's user database where the record has none. */
    public static MetaEntry withNames(MetaEntry e, UserDb users) {
        String un = e.uname() == null && e.uid() != null ? users.userName(e.uid()) : null;
        String gn = e.gname() == null && e.gid() != null ? users.groupName(e.gid()) : null;
        if (un == null && gn == null) {
            return e;
        }
        return new MetaEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), un != null ? un : e.uname(),
                gn != null ? gn : e.gname(), e.link(), e.devMajor(), e.devMinor(), e.xattrs(), e.sha256());
    }

    private static String digest(TargetRoot root, String path, MessageDigest sha, byte[] buf)
            throws TargetPathException {
        sha.reset();
        try (InputStream in = root.open(path)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetPathException(path, "cannot read: " + TargetRoot.reason(e), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
