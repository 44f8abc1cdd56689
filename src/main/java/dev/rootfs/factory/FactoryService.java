package dev.rootfs.factory;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.fs.UserDb;
import dev.rootfs.report.Log;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import dev.rootfs.tmpfiles.TmpfilesQuoting;
import dev.rootfs.units.UnitFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code generate-factory} goal's work: move {@code /var} into {@code /usr/share/factory/var}, then write
 * the tmpfiles.d conf and the {@code var.mount} that recreate it at every boot. All checks come first; a run
 * that fails changes nothing, and a run killed at any point can be re-run to the same result.
 */
public final class FactoryService {
    public static final String FACTORY = "/usr/share/factory/var";
    static final String UNIT_DIR = "/usr/lib/systemd/system";
    static final String WANTS_LINK = UNIT_DIR + "/local-fs.target.wants/" + VarMountUnit.NAME;

    /**
     * @param root             target root directory
     * @param metadata         metadata file
     * @param reportDir        where generate-factory.json goes, or null
     * @param confName         file name of the conf in /usr/lib/tmpfiles.d
     * @param overwrite        conflicting factory content is replaced by /var's instead of failing the build
     * @param systemdVersion   the target's systemd version, or null to detect it
     * @param mount            write var.mount
     * @param tmpfsSize        size= of the tmpfs (e.g. 50%), or blank
     * @param tmpfsInodes      nr_inodes= of the tmpfs (e.g. 1m), or blank
     * @param device           What= of a persistent /var, or blank for a tmpfs
     * @param fsType           Type= of that device
     * @param mountOptions     extra (tmpfs) or all (device) mount options
     * @param ownership        applyOwnership
     * @param failOnError      invalid metadata fails the run
     * @param populateAfter    populate-var is bound to run after this goal on the same root
     */
    public record Request(Path root, Path metadata, Path reportDir, String confName, boolean overwrite,
            Integer systemdVersion, boolean mount, String tmpfsSize, String tmpfsInodes, String device,
            String fsType, String mountOptions, Ownership ownership, boolean failOnError, boolean populateAfter) {
    }

    /** What the run did. */
    public record Result(int moved, Map<String, Integer> linesByType, String conf, List<Problem> problems,
            Report report) {
    }

    public Result run(Request req, Log log) throws ProblemsException, IOException {
        TargetRoot root;
        try {
            root = TargetRoot.openForGoal(req.root(), req.metadata());
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
        String confName = req.confName() == null || req.confName().isBlank() ? "00-rootfs-var-factory.conf"
                : req.confName().trim();
        if (confName.contains("/") || !confName.endsWith(".conf")) {
            throw new ProblemsException("confName must be a file name ending in .conf, not '" + confName + "'");
        }
        String confPath = "/usr/lib/tmpfiles.d/" + confName;
        Report report = new Report("generate-factory");
        if (req.populateAfter()) {
            report.problem(Problem.warning("populate-var", "runs after generate-factory on the same root: with"
                    + " --boot it copies the factory back into /var, so the image stores that content twice"));
        }
        try (MetadataFile mf = MetadataFile.open(req.metadata())) {
            Path journal = FactoryJournal.of(req.metadata());
            if (FactoryJournal.recover(journal, root, mf, req.ownership().applies())) {
                log.info("Finished the move of /var that an interrupted run had begun (" + journal + ").");
            }
            Metadata md = mf.read(report, req.failOnError(), "nothing was changed");
            FileInfo var = root.stat(VarMover.VAR);
            if (var == null) {
                log.info("The root " + root.hostRoot() + " has no /var: nothing to move.");
                report.count("moved");
                finish(req, report, log);
                return new Result(0, Map.of(), null, report.problems(), report);
            }
            if (var.type() == FileType.LINK) {
                throw new ProblemsException("/var is a symlink to " + var.linkTarget() + "; generate-factory needs"
                        + " /var to be a directory (the tmpfs is mounted on it), so nothing was changed");
            }
            if (var.type() != FileType.DIR) {
                throw new ProblemsException("/var is a " + var.type().mtreeName() + ", not a directory");
            }
            TargetSystemd systemd = TargetSystemd.detect(root, req.systemdVersion());
            UnitFile unit = req.mount() ? VarMountUnit.create(req.tmpfsSize(), req.tmpfsInodes(), req.device(),
                    req.fsType(), req.mountOptions()) : null;
            boolean diskOwners = req.ownership().applies();

            // one walk of /var (and of an existing factory) serves the checks, the count and the conf
            UserDb users = UserDb.load(root);
            Listing.Options opts = new Listing.Options(false, diskOwners);
            List<MetaEntry> varBefore = new ArrayList<>();
            Listing.generate(root, VarMover.VAR, md, users, opts, varBefore::add).forEach(report::problem);
            List<MetaEntry> factoryBefore = new ArrayList<>();
            if (root.stat(FACTORY) != null) {
                Listing.generate(root, FACTORY, md, users, opts, factoryBefore::add).forEach(report::problem);
            }

            List<Problem> refusals = new ArrayList<>();
            checkOwnFile(root, confPath, req.overwrite(), refusals);
            if (unit != null) {
                checkOwnFile(root, UNIT_DIR + "/" + VarMountUnit.NAME, req.overwrite(), refusals);
            }
            checkExpressible(varBefore, VarMover.VAR, systemd.version(), refusals);
            checkExpressible(factoryBefore, FACTORY, systemd.version(), refusals);
            if (unit != null) {
                checkWantsLink(root, refusals);
            }
            VarMover mover = VarMover.plan(root, md, diskOwners, req.overwrite(), FACTORY);
            refusals.addAll(mover.conflicts());
            if (!refusals.isEmpty()) {
                throw new ProblemsException("cannot move /var into " + FACTORY + ", nothing was changed:", refusals);
            }

            // the journal lets a run killed during the moves finish them, then move the records
            FactoryJournal.write(journal, mover.steps(), mf.path());
            mover.execute();
            mover.applyTo(md);
            mf.write(md);
            FactoryJournal.done(journal);
            VarMover.Prediction after = mover.predictFactory(factoryBefore, varBefore);
            int moved = after.moved();
            List<MetaEntry> entries = after.entries();
            String header = UnitFile.marker(VarMountUnit.GOAL) + "\n"
                    + "# Recreates /var from " + FACTORY + " at every boot (systemd " + systemd.version() + ").\n"
                    + "# Nothing here replaces or removes what is already in /var.\n";
            FactoryConf conf = FactoryConf.build(entries, FACTORY, systemd.version(), header,
                    ForeignLines.read(root, systemd.version(), confName));
            conf.problems().forEach(report::problem);
            root.writeAtomically(confPath, conf.text().getBytes(StandardCharsets.UTF_8), 0644);
            record(md, confPath);
            if (unit != null) {
                root.writeAtomically(UNIT_DIR + "/" + VarMountUnit.NAME, unit.render().getBytes(StandardCharsets.UTF_8),
                        0644);
                record(md, UNIT_DIR + "/" + VarMountUnit.NAME);
                linkWants(root, md);
            }
            mf.write(md);

            report.add("moved", moved);
            conf.linesByType().forEach((t, n) -> report.add("lines " + t, n));
            report.add("lines left out (identical in another conf)", conf.deduped());
            report.add("overlaps", conf.problems().stream().filter(p -> p.message().startsWith("overlap:")).count());
            report.action(Report.Outcome.APPLIED, "move", VarMover.VAR + " -> " + FACTORY, moved + " entries");
            report.action(Report.Outcome.APPLIED, "write", confPath, null);
            if (unit != null) {
                report.action(Report.Outcome.APPLIED, "write", UNIT_DIR + "/" + VarMountUnit.NAME, null);
            }
            finish(req, report, log);
            return new Result(moved, conf.linesByType(), conf.text(), report.problems(), report);
        } catch (IllegalArgumentException e) {
            throw new ProblemsException(e.getMessage());
        } catch (TargetPathException e) {
            throw new ProblemsException("generate-factory failed at " + e.getMessage());
        }
    }

    private static void finish(Request req, Report report, Log log) throws IOException {
        for (Problem p : report.problems()) {
            log.warn(p.toString());
        }
        if (req.reportDir() != null) {
            report.write(req.reportDir());
        }
    }

    /** A file we would write must be absent or one we generated before (or overwrite is set). */
    private static void checkOwnFile(TargetRoot root, String path, boolean overwrite, List<Problem> out)
            throws TargetPathException {
        FileInfo f = root.stat(path);
        if (f == null || overwrite) {
            return;
        }
        if (f.type() != FileType.FILE) {
            out.add(Problem.error(path, "exists and is a " + f.type().mtreeName() + "; it would be replaced"));
            return;
        }
        byte[] marker = UnitFile.marker(VarMountUnit.GOAL).getBytes(StandardCharsets.UTF_8);
        try (InputStream in = root.open(path)) {
            if (!java.util.Arrays.equals(in.readNBytes(marker.length), marker)) {
                out.add(Problem.error(path, "exists and was not generated by generate-factory; remove it or set"
                        + " overwrite"));
            }
        } catch (IOException e) {
            throw new TargetPathException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Every name under /var and the factory must be writable in a tmpfiles line for this systemd. */
    private static void checkExpressible(List<MetaEntry> entries, String top, int version, List<Problem> out) {
        for (MetaEntry e : entries) {
            if (e.path().indexOf('\n') < 0) {
                continue; // a newline is the only thing a field cannot carry (before 257)
            }
            String v = TargetPaths.rebase(e.path(), top, VarMover.VAR);
            try {
                TmpfilesQuoting.field(v, version);
            } catch (IllegalArgumentException ex) {
                out.add(Problem.error(e.path().replace("\n", "\\n"), ex.getMessage()));
            }
        }
    }

    private static void record(Metadata md, String path) {
        md.put(MetaEntry.of(path).withType(FileType.FILE).withMode(0644).withOwner(0L, null).withGroup(0L, null));
    }

    private static final String WANTS_TARGET = "../" + VarMountUnit.NAME;

    private static void checkWantsLink(TargetRoot root, List<Problem> out) throws TargetPathException {
        FileInfo l = root.stat(WANTS_LINK);
        if (l != null && !(l.type() == FileType.LINK && WANTS_TARGET.equals(l.linkTarget()))) {
            out.add(Problem.error(WANTS_LINK, "exists and is not the link to " + WANTS_TARGET));
        }
    }

    private static void linkWants(TargetRoot root, Metadata md) throws TargetPathException {
        String target = WANTS_TARGET;
        if (root.stat(WANTS_LINK) == null) {
            root.mkdirs(TargetPaths.parent(WANTS_LINK), 0755);
            root.symlink(WANTS_LINK, target);
        }
        md.put(MetaEntry.of(WANTS_LINK).withType(FileType.LINK).withLink(target).withMode(0777).withOwner(0L, null)
                .withGroup(0L, null));
    }
}
