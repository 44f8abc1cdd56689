package dev.rootfs.factory;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.report.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Moves the content of {@code /var} into the factory directory without losing anything: a node the factory
 * lacks is renamed into it, a directory present on both sides is merged, an identical node on both sides
 * (left by a goal that copied the factory back) is dropped from {@code /var}, anything else is a conflict.
 * Conflicts are all found before anything changes.
 *
 * <p>Each step is a rename or an rmdir, so a run killed at any point leaves every node either at its old or at
 * its new place. The steps are written to a journal before the first one runs, and the metadata records are
 * moved only after the last one ({@link #applyTo(Metadata)}); a re-run that finds the journal finishes those
 * steps and then the records ({@link FactoryJournal}).
 */
final class VarMover {
    static final String VAR = "/var";

    /**
     * One step: how it moves the records, and how it changes the disk. Executing checks the node is still
     * where the plan found it, so a step a killed run already did is skipped.
     */
    interface Step {
        void applyTo(Metadata md);

        void execute(TargetRoot root, boolean diskOwners) throws TargetPathException;
    }

    /** Rename a node (and its subtree) into the factory. */
    record Move(String from, String to) implements Step {
        public void applyTo(Metadata md) {
            md.moveTree(from, to);
        }

        public void execute(TargetRoot root, boolean diskOwners) throws TargetPathException {
            if (root.stat(from) != null) {
                root.move(from, to);
            }
        }
    }

    /** overwrite: the factory's node is deleted, then the {@code /var} node moved in. */
    record Replace(String from, String to) implements Step {
        public void applyTo(Metadata md) {
            md.removeTree(to);
            md.moveTree(from, to);
        }

        public void execute(TargetRoot root, boolean diskOwners) throws TargetPathException {
            if (root.stat(from) == null) {
                return;
            }
            if (root.stat(to) != null) {
                root.delete(to);
            }
            root.move(from, to);
        }
    }

    /** The factory holds the same node already (a goal copied it back): remove the {@code /var} copy. */
    record DropDuplicate(String path) implements Step {
        public void applyTo(Metadata md) {
            md.removeTree(path);
        }

        public void execute(TargetRoot root, boolean diskOwners) throws TargetPathException {
            if (root.stat(path) != null) {
                root.delete(path);
            }
        }
    }

    /** A merged directory of {@code /var}, empty once its children moved. */
    record RemoveEmptyDir(String path) implements Step {
        public void applyTo(Metadata md) {
            md.remove(path);
        }

        public void execute(TargetRoot root, boolean diskOwners) throws TargetPathException {
            if (root.stat(path) != null) {
                root.rmdir(path);
            }
        }
    }

    /** The factory directory gets these attributes: {@code /var}'s when it is created, or with overwrite. */
    record SetAttributes(String path, MetaEntry attributes, boolean create) implements Step {
        public void applyTo(Metadata md) {
            MetaEntry old = md.get(path);
            MetaEntry base = old == null ? MetaEntry.of(path).withType(FileType.DIR) : old;
            md.put(base.withMode(attributes.mode()).withOwner(attributes.uid(), attributes.uname())
                    .withGroup(attributes.gid(), attributes.gname()));
        }

        public void execute(TargetRoot root, boolean diskOwners) throws TargetPathException {
            if (create && root.stat(path) == null) {
                root.mkdirs(TargetPaths.parent(path), 0755);
                root.mkdir(path, attributes.mode());
            }
            root.chmod(path, attributes.mode());
            if (diskOwners) {
                root.chown(path, attributes.uid(), attributes.gid());
            }
        }
    }

    /** A device or socket that lives only in the metadata. */
    record MoveRecord(String from, String to) implements Step {
        public void applyTo(Metadata md) {
            if (md.get(from) != null) {
                md.remove(to);
                md.moveTree(from, to);
            }
        }

        public void execute(TargetRoot root, boolean diskOwners) {
            // nothing on disk: the record is the node
        }
    }

    private final TargetRoot root;
    private final Metadata md;
    private final boolean diskOwners;
    private final boolean overwrite;
    private final String factory;
    private final List<Step> steps = new ArrayList<>();
    private final List<Problem> conflicts = new ArrayList<>();

    private VarMover(TargetRoot root, Metadata md, boolean diskOwners, boolean overwrite, String factory) {
        this.root = root;
        this.md = md;
        this.diskOwners = diskOwners;
        this.overwrite = overwrite;
        this.factory = factory;
    }

    /** Plans the move of everything below {@code /var} into {@code factory} (e.g. /usr/share/factory/var). */
    static VarMover plan(TargetRoot root, Metadata md, boolean diskOwners, boolean overwrite, String factory)
            throws TargetPathException {
        VarMover m = new VarMover(root, md, diskOwners, overwrite, factory);
        FileInfo fv = root.stat(factory);
        if (fv != null && fv.type() != FileType.DIR) {
            m.conflicts.add(Problem.error(factory, "exists and is not a directory (" + fv.type().mtreeName()
                    + "), so /var cannot be moved there"));
            return m;
        }
        if (fv != null) {
            m.compareDirs(root.stat(VAR), fv);
        } else {
            m.steps.add(new SetAttributes(factory, m.effective(root.stat(VAR)), true));
        }
        m.planDir(VAR, factory);
        m.planRecordsOnly();
        return m;
    }

    List<Step> steps() {
        return steps;
    }

    /** The mover for steps read back from a journal. */
    static VarMover of(TargetRoot root, boolean diskOwners, List<Step> steps) {
        VarMover m = new VarMover(root, new Metadata(), diskOwners, false, null);
        m.steps.addAll(steps);
        return m;
    }

    List<Problem> conflicts() {
        return conflicts;
    }

    private void planDir(String src, String dst) throws TargetPathException {
        for (String name : root.list(src)) {
            String s = TargetPaths.child(src, name);
            String d = TargetPaths.child(dst, name);
            FileInfo si = root.stat(s);
            FileInfo di = root.stat(d);
            if (si == null) {
                continue;
            }
            if (di == null) {
                steps.add(new Move(s, d));
            } else if (si.type() == FileType.DIR && di.type() == FileType.DIR) {
                compareDirs(si, di);
                planDir(s, d);
                steps.add(new RemoveEmptyDir(s));
            } else if (identical(si, di)) {
                steps.add(new DropDuplicate(s));
            } else if (overwrite) {
                steps.add(new Replace(s, d));
            } else {
                conflicts.add(Problem.error(s, "conflicts with " + d + " already in the factory ("
                        + describe(si) + " vs " + describe(di) + "); remove one or set overwrite"));
            }
        }
    }

    private void compareDirs(FileInfo si, FileInfo di) {
        MetaEntry a = effective(si);
        MetaEntry b = effective(di);
        if (Objects.equals(a.mode(), b.mode()) && Objects.equals(a.uid(), b.uid()) && Objects.equals(a.gid(), b.gid())) {
            return;
        }
        if (overwrite) {
            steps.add(new SetAttributes(di.path(), a, false));
        } else {
            conflicts.add(Problem.error(si.path(), "directory differs from " + di.path() + " already in the factory ("
                    + attrs(a) + " vs " + attrs(b) + "); make them agree or set overwrite"));
        }
    }

    /** Device and socket records under /var with no node on disk move as records. */
    private void planRecordsOnly() throws TargetPathException {
        for (MetaEntry rec : md.subtree(VAR)) {
            if (rec.type() == null || !rec.type().mayLiveInMetadataOnly() || root.stat(rec.path()) != null) {
                continue;
            }
            String d = TargetPaths.rebase(rec.path(), VAR, factory);
            MetaEntry there = md.get(d);
            if (root.stat(d) != null || (there != null && !sameRecord(rec, there))) {
                if (overwrite) {
                    steps.add(new MoveRecord(rec.path(), d));
                } else {
                    conflicts.add(Problem.error(rec.path(), "conflicts with " + d + " already in the factory"));
                }
            } else {
                steps.add(new MoveRecord(rec.path(), d));
            }
        }
    }

    private static boolean sameRecord(MetaEntry a, MetaEntry b) {
        return a.withPath(b.path()).equals(b);
    }

    private MetaEntry effective(FileInfo info) {
        return Listing.merge(info, md.get(info.path()), diskOwners, new ArrayList<>());
    }

    private boolean identical(FileInfo si, FileInfo di) throws TargetPathException {
        MetaEntry a = effective(si);
        MetaEntry b = effective(di);
        if (a.type() != b.type() || !Objects.equals(a.mode(), b.mode()) || !Objects.equals(a.uid(), b.uid())
                || !Objects.equals(a.gid(), b.gid()) || !Objects.equals(a.link(), b.link())
                || !Objects.equals(a.devMajor(), b.devMajor()) || !Objects.equals(a.devMinor(), b.devMinor())
                || !a.xattrs().equals(b.xattrs())) {
            return false;
        }
        return si.type() != FileType.FILE || (si.size() == di.size() && sameContent(si.path(), di.path()));
    }

    private boolean sameContent(String a, String b) throws TargetPathException {
        try (InputStream x = root.open(a); InputStream y = root.open(b)) {
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            while (true) {
                int n = x.readNBytes(bx, 0, bx.length);
                int m = y.readNBytes(by, 0, by.length);
                if (n != m || !java.util.Arrays.equals(bx, 0, n, by, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetPathException(a, "cannot compare with " + b + ": " + e.getMessage(), e);
        }
    }

    private String describe(FileInfo info) {
        MetaEntry e = effective(info);
        return e.type().mtreeName() + " " + attrs(e);
    }

    private static String attrs(MetaEntry e) {
        return String.format("mode %04o, owner %d:%d", e.mode(), e.uid(), e.gid());
    }

    /** Moves the records as the steps will move the nodes. */
    void applyTo(Metadata metadata) {
        for (Step s : steps) {
            s.applyTo(metadata);
        }
    }

    /** Performs the steps on disk. */
    void execute() throws TargetPathException {
        for (Step s : steps) {
            s.execute(root, diskOwners);
        }
    }

    /** The factory's listing after the move, and how many /var entries moved into it. */
    record Prediction(List<MetaEntry> entries, int moved) {
    }

    /**
     * The factory's canonical listing after {@link #execute}, predicted from the listings taken before it
     * (so the tree is walked once): the /var entries rebased into the factory, the factory's own where both
     * have a node (they are identical, or merged directories keep the factory's attributes), /var's where
     * overwrite replaced the factory's node or attributes. Both inputs are in path order, and rebasing keeps
     * that order, so this is a merge.
     */
    Prediction predictFactory(List<MetaEntry> factoryBefore, List<MetaEntry> varBefore) {
        List<String> replaced = new ArrayList<>();
        java.util.Map<String, MetaEntry> attributes = new java.util.HashMap<>();
        for (Step st : steps) {
            if (st instanceof Replace r) {
                replaced.add(r.to());
            } else if (st instanceof SetAttributes a) {
                attributes.put(a.path(), a.attributes());
            }
        }
        List<MetaEntry> kept = factoryBefore;
        if (!replaced.isEmpty()) {
            kept = factoryBefore.stream().filter(e -> replaced.stream().noneMatch(r -> TargetPaths.isUnder(e.path(), r)))
                    .toList();
        }
        List<MetaEntry> out = new ArrayList<>(kept.size() + varBefore.size());
        int moved = 0;
        int i = 0;
        int j = 0;
        while (i < kept.size() || j < varBefore.size()) {
            MetaEntry f = i < kept.size() ? kept.get(i) : null;
            MetaEntry v = j < varBefore.size() ? varBefore.get(j) : null;
            String to = v == null ? null : TargetPaths.rebase(v.path(), VAR, factory);
            int c = f == null ? 1 : v == null ? -1 : TargetPaths.compare(f.path(), to);
            if (c < 0) {
                out.add(f);
                i++;
            } else if (c > 0) {
                out.add(v.withPath(to));
                moved += to.equals(factory) ? 0 : 1;
                j++;
            } else {
                MetaEntry a = attributes.get(to);
                out.add(a == null ? f : f.withMode(a.mode()).withOwner(a.uid(), a.uname()).withGroup(a.gid(), a.gname()));
                i++;
                j++;
            }
        }
        return new Prediction(out, moved);
    }
}
