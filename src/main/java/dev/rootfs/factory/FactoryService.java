package dev.rootfs.factory;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.ConfigurationException;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.fs.UserDb;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import dev.rootfs.tmpfiles.TmpfilesQuoting;
import dev.rootfs.units.GeneratedFiles;
import dev.rootfs.units.UnitFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code generate-factory} goal's work: move {@code /var} into {@code /usr/share/factory/var}, then write
 * the tmpfiles.d conf and the {@code var.mount} that recreate it at every boot. All checks come first; a run
 * that fails changes nothing, and a run killed at any point can be re-run to the same result.
 */
public final class FactoryService implements Goal<FactoryService.Result> {
    public static final String FACTORY = "/usr/share/factory/var";
    static final String UNIT_DIR = "/usr/lib/systemd/system";
    static final String WANTS_LINK = UNIT_DIR + "/local-fs.target.wants/" + VarMountUnit.NAME;

    /** How the goal writes the conf and {@code var.mount}; built with {@link #builder()}, Mojo defaults. */
    public static final class Options {
        private final String confName;
        private final boolean overwrite;
        private final Integer systemdVersion;
        private final boolean mount;
        private final String tmpfsSize;
        private final String tmpfsInodes;
        private final String device;
        private final String fsType;
        private final String mountOptions;
        private final boolean populateAfter;

        private Options(Builder b) {
            confName = b.confName == null || b.confName.isBlank() ? "00-rootfs-var-factory.conf" : b.confName.trim();
            if (confName.contains("/") || !confName.endsWith(".conf")) {
                throw new ConfigurationException("confName must be a file name ending in .conf, not '" + confName
                        + "'");
            }
            overwrite = b.overwrite;
            systemdVersion = b.systemdVersion;
            mount = b.mount;
            tmpfsSize = b.tmpfsSize;
            tmpfsInodes = b.tmpfsInodes;
            device = b.device;
            fsType = b.fsType;
            mountOptions = b.mountOptions;
            populateAfter = b.populateAfter;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** File name of the conf in /usr/lib/tmpfiles.d. */
        public String confName() {
            return confName;
        }

        /** Conflicting factory content (and files this goal did not write) is replaced instead of failing. */
        public boolean overwrite() {
            return overwrite;
        }

        /** The target's systemd version, or null to detect it. */
        public Integer systemdVersion() {
            return systemdVersion;
        }

        /** Whether var.mount is written. */
        public boolean mount() {
            return mount;
        }

        /** {@code size=} of the tmpfs (e.g. 50%), or blank. */
        public String tmpfsSize() {
            return tmpfsSize;
        }

        /** {@code nr_inodes=} of the tmpfs (e.g. 1m), or blank. */
        public String tmpfsInodes() {
            return tmpfsInodes;
        }

        /** {@code What=} of a persistent /var, or blank for a tmpfs. */
        public String device() {
            return device;
        }

        /** {@code Type=} of that device. */
        public String fsType() {
            return fsType;
        }

        /** Extra (tmpfs) or all (device) mount options. */
        public String mountOptions() {
            return mountOptions;
        }

        /** populate-var is bound to run after this goal on the same root. */
        public boolean populateAfter() {
            return populateAfter;
        }

        /** Collects the options; unset ones keep the Mojo's defaults. */
        public static final class Builder {
            private String confName;
            private boolean overwrite;
            private Integer systemdVersion;
            private boolean mount = true;
            private String tmpfsSize = "50%";
            private String tmpfsInodes = "1m";
            private String device;
            private String fsType = "ext4";
            private String mountOptions;
            private boolean populateAfter;

            private Builder() {
            }

            public Builder confName(String v) {
                confName = v;
                return this;
            }

            public Builder overwrite(boolean v) {
                overwrite = v;
                return this;
            }

            public Builder systemdVersion(Integer v) {
                systemdVersion = v;
                return this;
            }

            /** Writes var.mount, or (false) only the conf. */
            public Builder mount(boolean v) {
                mount = v;
                return this;
            }

            public Builder tmpfs(String size, String inodes) {
                tmpfsSize = size;
                tmpfsInodes = inodes;
                return this;
            }

            /** A persistent /var: device ({@code What=}, null for a tmpfs), its type and mount options. */
            public Builder device(String what, String type, String options) {
                device = what;
                fsType = type;
                mountOptions = options;
                return this;
            }

            public Builder populateAfter(boolean v) {
                populateAfter = v;
                return this;
            }

            /** @throws ConfigurationException for a conf name that is not a {@code .conf} file name */
            public Options build() {
                return new Options(this);
            }
        }
    }

    /** What the run did. */
    public record Result(int moved, Map<String, Integer> linesByType, String conf, List<Problem> problems,
            Report report) {
    }

    private final Options options;

    public FactoryService(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "generate-factory";
    }

    /** Finishes the move an interrupted run had begun, before the metadata is read. */
    @Override
    public void recover(GoalContext ctx, TargetRoot root, MetadataFile mf) throws IOException {
        Path journal = FactoryJournal.of(ctx.metadata());
        if (FactoryJournal.recover(journal, root, mf, ctx.ownership().applies())) {
            ctx.log().info("Finished the move of /var that an interrupted run had begun (" + journal + ").");
        }
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        try {
            return work(run);
        } catch (TargetPathException e) {
            throw new ProblemsException("generate-factory failed at " + e.getMessage());
        }
    }

    private Result work(GoalRun run) throws ProblemsException, IOException {
        TargetRoot root = run.root();
        Report report = run.report();
        Metadata md = run.metadata();
        String confName = options.confName();
        String confPath = "/usr/lib/tmpfiles.d/" + confName;
        if (options.populateAfter()) {
            report.problem(Problem.warning("populate-var", "runs after generate-factory on the same root: with"
                    + " --boot it copies the factory back into /var, so the image stores that content twice"));
        }
        FileInfo var = root.stat(VarMover.VAR);
        if (var == null) {
            run.log().info("The root " + root.hostRoot() + " has no /var: nothing to move.");
            report.count("moved");
            return new Result(0, Map.of(), null, report.problems(), report);
        }
        if (var.type() == FileType.LINK) {
            throw new ProblemsException("/var is a symlink to " + var.linkTarget() + "; generate-factory needs"
                    + " /var to be a directory (the tmpfs is mounted on it), so nothing was changed");
        }
        if (var.type() != FileType.DIR) {
            throw new ProblemsException("/var is a " + var.type().mtreeName() + ", not a directory");
        }
        TargetSystemd systemd = TargetSystemd.detect(root, options.systemdVersion());
        UnitFile unit = options.mount() ? VarMountUnit.create(options.tmpfsSize(), options.tmpfsInodes(),
                options.device(), options.fsType(), options.mountOptions()) : null;
        boolean diskOwners = run.ownership().applies();

        // one walk of /var (and of an existing factory) serves the checks, the count and the conf
        UserDb users = run.users();
        Listing.Options opts = new Listing.Options(false, diskOwners);
        List<MetaEntry> varBefore = new ArrayList<>();
        Listing.generate(root, VarMover.VAR, md, users, opts, varBefore::add).forEach(report::problem);
        List<MetaEntry> factoryBefore = new ArrayList<>();
        if (root.stat(FACTORY) != null) {
            Listing.generate(root, FACTORY, md, users, opts, factoryBefore::add).forEach(report::problem);
        }

        GeneratedFiles generated = new GeneratedFiles(root, md, VarMountUnit.GOAL,
                "remove it or set overwrite", run.ownership());
        List<Problem> refusals = new ArrayList<>();
        if (!options.overwrite()) {
            generated.checkFile(confPath, refusals);
            if (unit != null) {
                generated.checkFile(UNIT_DIR + "/" + VarMountUnit.NAME, refusals);
            }
        }
        checkExpressible(varBefore, VarMover.VAR, systemd.version(), refusals);
        checkExpressible(factoryBefore, FACTORY, systemd.version(), refusals);
        if (unit != null) {
            generated.checkLink(WANTS_LINK, WANTS_TARGET, refusals);
        }
        VarMover mover = VarMover.plan(root, md, diskOwners, options.overwrite(), FACTORY);
        refusals.addAll(mover.conflicts());
        if (!refusals.isEmpty()) {
            throw new ProblemsException("cannot move /var into " + FACTORY + ", nothing was changed:", refusals);
        }

        // the journal lets a run killed during the moves finish them, then move the records
        Path journal = FactoryJournal.of(run.context().metadata());
        FactoryJournal.write(journal, mover.steps(), run.context().metadata());
        mover.execute();
        mover.applyTo(md);
        run.saveMetadata();
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
        generated.write(confPath, conf.text());
        if (unit != null) {
            generated.write(UNIT_DIR + "/" + VarMountUnit.NAME, unit.render());
            generated.link(WANTS_LINK, WANTS_TARGET);
        }

        report.add("moved", moved);
        conf.linesByType().forEach((t, n) -> report.add("lines " + t, n));
        report.add("lines left out (identical in another conf)", conf.deduped());
        report.add("overlaps", conf.problems().stream().filter(p -> p.message().startsWith("overlap:")).count());
        report.action(Report.Outcome.APPLIED, "move", VarMover.VAR + " -> " + FACTORY, moved + " entries");
        report.action(Report.Outcome.APPLIED, "write", confPath, null);
        if (unit != null) {
            report.action(Report.Outcome.APPLIED, "write", UNIT_DIR + "/" + VarMountUnit.NAME, null);
        }
        return new Result(moved, conf.linesByType(), conf.text(), report.problems(), report);
    }

    @Override
    public String summary(Result r, GoalRun run) {
        StringBuilder lines = new StringBuilder();
        r.linesByType().forEach((type, n) -> lines.append(lines.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(type));
        return "Factory: moved " + r.moved() + " entries of /var into " + FACTORY
                + (r.conf() == null ? "" : "; conf lines: " + lines) + "; " + r.problems().size() + " warnings";
    }

    /** Problems found while writing are warnings: the move is done and cannot be refused any more. */
    @Override
    public void check(Result r, GoalRun run) {
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

    private static final String WANTS_TARGET = "../" + VarMountUnit.NAME;
}
