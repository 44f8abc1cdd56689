package dev.rootfs.units;

import dev.rootfs.report.ConfigurationException;
import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.OsRelease;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code generate-overlay-units} goal's work: checks the configuration and the target (paths, systemd
 * version, programs, kernel overlayfs support), then writes the units of {@link OverlayUnitTemplate} into
 * {@value #UNIT_DIR}, enables each overlay mount statically from {@code local-fs.target.wants/}, records
 * everything it creates in the metadata and removes the files an earlier run generated that the current
 * configuration no longer produces. Nothing is written when a check fails.
 */
public final class OverlayUnitGenerator implements Goal<OverlayUnitGenerator.Result> {
    public static final String GOAL = "generate-overlay-units";
    public static final String UNIT_DIR = "/usr/lib/systemd/system";
    public static final String WANTS_DIR = UNIT_DIR + "/" + OverlayUnitTemplate.LOCAL_FS + ".wants";

    private static final Pattern SIZE = Pattern.compile("\\d+[kKmMgG]?|\\d{1,3}%");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");
    private static final Pattern TIMEOUT = Pattern.compile("infinity|\\d+(ms|s|min|h)?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]*");
    private static final Pattern MOUNT_OPTS = Pattern.compile("[A-Za-z0-9_=.,:/+@-]+");
    /** File systems that can hold an overlayfs upper (xattrs, d_type, writable). */
    public static final List<String> UPPER_FS = List.of("ext4", "ext3", "ext2", "xfs", "btrfs", "f2fs", "ubifs",
            "jffs2");

    /** How the target's lack of overlayfs is treated. */
    public enum Check {
        FAIL, WARN, SKIP;

        public static Check parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ConfigurationException("overlayCheck must be fail, warn or skip, not '" + s + "'");
            }
        }
    }

    /** What the goal generates; built with {@link #builder()}, every option has the Mojo's default. */
    public static final class Options {
        private final List<String> paths;
        private final UpperStorage storage;
        private final List<String> overlayOptions;
        private final boolean perImageVersion;
        private final String imageVersion;
        private final Integer systemdVersion;
        private final Check overlayCheck;

        private Options(Builder b) {
            paths = b.paths;
            storage = b.storage;
            overlayOptions = b.overlayOptions == null ? List.of() : List.copyOf(b.overlayOptions);
            perImageVersion = b.perImageVersion;
            imageVersion = b.imageVersion;
            systemdVersion = b.systemdVersion;
            overlayCheck = b.overlayCheck;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these options, to change some of them. */
        public Builder toBuilder() {
            return new Builder().paths(paths).storage(storage).overlayOptions(overlayOptions)
                    .perImageVersion(perImageVersion).imageVersion(imageVersion).systemdVersion(systemdVersion)
                    .overlayCheck(overlayCheck);
        }

        /** Paths to overlay; default {@code /var}. */
        public List<String> paths() {
            return paths;
        }

        /** Where upper and work live; default a tmpfs. */
        public UpperStorage storage() {
            return storage;
        }

        /** Overrides of the overlay mount options ("index=on"). */
        public List<String> overlayOptions() {
            return overlayOptions;
        }

        /** Keep upper and work per image version. */
        public boolean perImageVersion() {
            return perImageVersion;
        }

        /** The version for that, or null to read IMAGE_VERSION / VERSION_ID of os-release. */
        public String imageVersion() {
            return imageVersion;
        }

        /** The target's systemd version, or null to detect it. */
        public Integer systemdVersion() {
            return systemdVersion;
        }

        /** What a target kernel without overlayfs does to the build; default fail. */
        public Check overlayCheck() {
            return overlayCheck;
        }

        /** Collects the options; unset ones keep their defaults. */
        public static final class Builder {
            private List<String> paths = List.of("/var");
            private UpperStorage storage = UpperStorage.tmpfs();
            private List<String> overlayOptions;
            private boolean perImageVersion;
            private String imageVersion;
            private Integer systemdVersion;
            private Check overlayCheck = Check.FAIL;

            private Builder() {
            }

            public Builder paths(List<String> v) {
                paths = v;
                return this;
            }

            public Builder storage(UpperStorage v) {
                storage = v;
                return this;
            }

            public Builder overlayOptions(List<String> v) {
                overlayOptions = v;
                return this;
            }

            public Builder perImageVersion(boolean v) {
                perImageVersion = v;
                return this;
            }

            public Builder imageVersion(String v) {
                imageVersion = v;
                return this;
            }

            public Builder systemdVersion(Integer v) {
                systemdVersion = v;
                return this;
            }

            public Builder overlayCheck(Check v) {
                overlayCheck = v;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }

    /** What was generated. */
    public record Result(List<OverlayLayout> layouts, TargetSystemd systemd, Map<String, String> files,
            Report report) {
    }

    /** Everything decided before writing. */
    private record Plan(List<OverlayLayout> layouts, TargetSystemd systemd, Map<String, String> files,
            Map<String, String> links, List<String> storageDirs) {
    }

    private final Options options;

    public OverlayUnitGenerator(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return GOAL;
    }

    @Override
    public String notDone() {
        return "nothing was written";
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        try {
            Report report = run.report();
            Plan plan = plan(run.root(), run.metadata(), run, report);
            if (!report.errors().isEmpty()) {
                throw new ProblemsException("cannot generate the overlay units, nothing was written:",
                        report.errors());
            }
            write(run, plan, report);
            return new Result(plan.layouts(), plan.systemd(), plan.files(), report);
        } catch (TargetPathException e) {
            throw new ProblemsException("cannot generate the overlay units: " + e.getMessage());
        }
    }

    @Override
    public String summary(Result r, GoalRun run) {
        Report report = r.report();
        return "Overlay units for " + r.layouts().size() + " path(s) ("
                + String.join(", ", r.layouts().stream().map(OverlayLayout::path).toList()) + "), upper on "
                + options.storage().kind().id() + ", target systemd " + r.systemd().version() + ": "
                + report.counter("written") + " file(s) written, " + report.counter("unchanged")
                + " unchanged, " + report.counter("stale removed") + " stale removed"
                + (report.problems().isEmpty() ? "" : ", " + report.problems().size() + " warning(s)");
    }

    // ---------------------------------------------------------------- checks and plan

    private Plan plan(TargetRoot root, Metadata md, GoalRun run, Report report) throws TargetPathException {
        Options req = options;
        List<Problem> problems = new ArrayList<>();
        List<String> paths = OverlayPaths.check(req.paths(), problems);
        UpperStorage storage = req.storage();
        checkStorage(root, storage, paths, problems);
        OverlayOptions options = OverlayOptions.of(req.overlayOptions() == null ? List.of() : req.overlayOptions(),
                storage.persistent(), req.perImageVersion(), problems);
        String version = req.perImageVersion() ? imageVersion(root, req.imageVersion(), problems) : null;
        TargetSystemd systemd = null;
        try {
            systemd = TargetSystemd.detect(root, req.systemdVersion());
            report.action(Report.Outcome.APPLIED, "systemd-version", systemd.source(),
                    "systemd " + systemd.version());
        } catch (ConfigurationException e) {
            problems.add(Problem.error("systemdVersion", e.getMessage()));
        }
        checkKernel(root, req.overlayCheck(), problems, report);
        Map<String, String> commands = commands(root, storage, problems);

        List<OverlayLayout> layouts = new ArrayList<>();
        Map<String, String> files = new TreeMap<>(TargetPaths::compare);
        Map<String, String> links = new TreeMap<>(TargetPaths::compare);
        List<String> storageDirs = new ArrayList<>();
        List<UnitFile> all = new ArrayList<>();
        for (String path : paths) {
            FileInfo lower = lower(root, path, run.failOnError(), problems);
            if (lower == null || systemd == null) {
                continue;
            }
            MetaEntry rec = md.get(path);
            MetaEntry disk = Listing.fromDisk(lower, run.ownership().applies());
            MetaEntry eff = rec == null ? disk : rec.over(disk);
            boolean plainLower = eff.mode() == 0755 && eff.uid() == 0 && eff.gid() == 0;
            // systemd 256 creates upperdir= and workdir= itself, but as 0755 root:root.
            boolean prepareUpper = !(systemd.atLeast(TargetSystemd.CREATES_OVERLAY_DIRS) && plainLower);
            OverlayLayout l = OverlayLayout.of(path, storage, version);
            layouts.add(l);
            OverlayUnitTemplate.Facts facts = new OverlayUnitTemplate.Facts(commands, prepareUpper, eff.mode(),
                    eff.uid(), eff.gid());
            for (OverlayUnitTemplate.Output o : OverlayUnitTemplate.units(l, storage, options, facts)) {
                files.put(UNIT_DIR + "/" + o.relativePath(), o.unit().render());
                if (!o.relativePath().contains("/")) {
                    all.add(o.unit());
                }
            }
            links.put(WANTS_DIR + "/" + l.mountUnit(), "../" + l.mountUnit());
            if (storage.kind() == UpperStorage.Kind.MOUNTPOINT) {
                storageDirs.add(l.storage());
            }
            report.action(Report.Outcome.APPLIED, "overlay", path, "upper " + l.upper() + ", lower mode "
                    + String.format("%04o", eff.mode()) + " " + eff.uid() + ":" + eff.gid()
                    + (prepareUpper ? "" : ", upper and work created by systemd"));
        }
        List<String> cycle = new OrderingGraph(all).findCycle();
        if (!cycle.isEmpty()) {
            problems.add(Problem.error("units", "ordering cycle " + String.join(" -> ", cycle)));
        }
        problems.forEach(report::problem);
        return new Plan(layouts, systemd, files, links, storageDirs);
    }

    private static FileInfo lower(TargetRoot root, String path, boolean failOnError, List<Problem> problems)
            throws TargetPathException {
        Problem.Severity sev = failOnError ? Problem.Severity.ERROR : Problem.Severity.WARNING;
        String skipped = failOnError ? "" : "; path skipped";
        String real = root.canonicalNoFollow(path);
        if (!real.equals(path)) {
            problems.add(new Problem(sev, path, "a parent directory is a symlink in the target (the real path is "
                    + real + "); configure " + real + skipped));
            return null;
        }
        FileInfo info = root.stat(path);
        if (info == null) {
            problems.add(new Problem(sev, path, "does not exist in the target; the overlay needs the image's"
                    + " directory as its lower layer" + skipped));
            return null;
        }
        if (info.type() == FileType.LINK) {
            problems.add(new Problem(sev, path, "is a symlink in the target (-> " + info.linkTarget() + "); an"
                    + " overlay mounted there would hide the link, and systemd would not follow it: configure"
                    + " the directory it points to, or make " + path + " a directory" + skipped));
            return null;
        }
        if (info.type() != FileType.DIR) {
            problems.add(new Problem(sev, path, "is a " + info.type().mtreeName() + " in the target, not a"
                    + " directory" + skipped));
            return null;
        }
        return info;
    }

    private static void checkStorage(TargetRoot root, UpperStorage s, List<String> paths, List<Problem> problems)
            throws TargetPathException {
        if (!SIZE.matcher(s.tmpfsSize()).matches()) {
            problems.add(Problem.error("tmpfsSize", "'" + s.tmpfsSize() + "' is not a tmpfs size (e.g. 50%, 512m)"));
        }
        if (!MODE.matcher(s.tmpfsMode()).matches()) {
            problems.add(Problem.error("tmpfsMode", "'" + s.tmpfsMode() + "' is not an octal mode (e.g. 0755)"));
        }
        switch (s.kind()) {
            case TMPFS -> {
            }
            case DEVICE -> {
                if (s.device() == null || !s.device().startsWith("/") || s.device().contains("..")) {
                    problems.add(Problem.error("storageDevice", "upperStorage=device needs an absolute device path"
                            + " (e.g. /dev/disk/by-label/data), not '" + s.device() + "'"));
                }
                if (s.fsType() == null || !UPPER_FS.contains(s.fsType())) {
                    problems.add(Problem.error("storageType", "'" + s.fsType() + "' is not a file system that can"
                            + " hold an overlayfs upper; use one of " + String.join(", ", UPPER_FS)));
                }
                if (s.options() != null && !MOUNT_OPTS.matcher(s.options()).matches()) {
                    problems.add(Problem.error("storageOptions", "'" + s.options() + "' is not a comma-separated"
                            + " mount option list"));
                } else if (s.options() != null && Arrays.asList(s.options().split(",")).contains("ro")) {
                    problems.add(Problem.error("storageOptions", "the upper storage cannot be mounted read-only"));
                }
                if (!TIMEOUT.matcher(s.deviceTimeout()).matches()) {
                    problems.add(Problem.error("storageDeviceTimeout", "'" + s.deviceTimeout() + "' is not a"
                            + " systemd time span (e.g. 10s, 2min, infinity)"));
                }
            }
            case MOUNTPOINT -> {
                String mp = s.mountPoint();
                if (mp == null || !mp.startsWith("/") || !TargetPaths.normalize(mp).equals(mp) || mp.equals("/")
                        || mp.contains(",")) {
                    problems.add(Problem.error("storageMountPoint", "upperStorage=mountpoint needs an absolute,"
                            + " normalised mount point (e.g. /data), not '" + mp + "'"));
                    return;
                }
                for (String p : paths) {
                    if (TargetPaths.isUnder(mp, p) || TargetPaths.isUnder(p, mp)) {
                        problems.add(Problem.error("storageMountPoint", mp + " and the overlaid " + p
                                + " overlap"));
                    }
                }
                FileInfo info = root.stat(mp);
                if (info != null && info.type() != FileType.DIR) {
                    problems.add(Problem.error("storageMountPoint", mp + " is a " + info.type().mtreeName()
                            + " in the target, not a directory"));
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static String imageVersion(TargetRoot root, String configured, List<Problem> problems)
            throws TargetPathException {
        String v = configured == null || configured.isBlank() ? null : configured.trim();
        if (v == null) {
            Map<String, String> osRelease = OsRelease.read(root).orElse(Map.of());
            v = nonEmpty(osRelease.get("IMAGE_VERSION"));
            v = v == null ? nonEmpty(osRelease.get("VERSION_ID")) : v;
        }
        if (v == null) {
            problems.add(Problem.error("imageVersion", "perImageVersion needs imageVersion, or IMAGE_VERSION or"
                    + " VERSION_ID in the target's /etc/os-release (or /usr/lib/os-release)"));
        } else if (!VERSION.matcher(v).matches()) {
            problems.add(Problem.error("imageVersion", "'" + v + "' cannot name a directory; use letters, digits"
                    + " and . _ + ~ -"));
            v = null;
        }
        return v;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void checkKernel(TargetRoot root, Check check, List<Problem> problems, Report report)
            throws TargetPathException {
        if (check == Check.SKIP) {
            report.action(Report.Outcome.SKIPPED, "kernel-overlayfs", "/lib/modules", "overlayCheck=skip");
            return;
        }
        KernelOverlaySupport.Result r = KernelOverlaySupport.check(root);
        Problem.Severity sev = check == Check.FAIL ? Problem.Severity.ERROR : Problem.Severity.WARNING;
        String hint = check == Check.FAIL ? " (set overlayCheck=warn to build anyway)" : "";
        if (r.noKernel()) {
            problems.add(new Problem(sev, "/lib/modules", "the target has no kernel modules or /boot/config-*, so"
                    + " overlayfs support cannot be checked; without it the overlay mounts fail at boot" + hint));
        }
        for (String release : r.missing()) {
            problems.add(new Problem(sev, "/lib/modules/" + release, "kernel " + release + " has no overlayfs"
                    + " (no kernel/fs/overlayfs/overlay.ko*, not in modules.builtin, no CONFIG_OVERLAY_FS=y in"
                    + " /boot/config-" + release + "); the overlay mounts would fail at boot" + hint));
        }
        for (String s : r.supported()) {
            report.action(Report.Outcome.APPLIED, "kernel-overlayfs", "/lib/modules", s);
        }
    }

    private static Map<String, String> commands(TargetRoot root, UpperStorage storage, List<Problem> problems)
            throws TargetPathException {
        List<String> needed = new ArrayList<>(List.of("mkdir", "mount", "chown", "chmod"));
        if (storage.persistent() && storage.fallback()) {
            needed.add("echo");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : needed) {
            String p = TargetCommands.find(root, name);
            if (p == null) {
                problems.add(Problem.error(name, "the target has no executable '" + name + "' in "
                        + TargetCommands.searched() + "; the units run it at boot"));
            }
            out.put(name, p);
        }
        return out;
    }

    // ---------------------------------------------------------------- writing

    private static void write(GoalRun run, Plan plan, Report report) throws TargetPathException, ProblemsException {
        GeneratedFiles generated = new GeneratedFiles(run.root(), run.metadata(), GOAL,
                "remove it, or override the generated unit with a drop-in instead", run.ownership());
        List<Problem> conflicts = new ArrayList<>();
        for (String f : plan.files().keySet()) {
            generated.checkFile(f, conflicts);
        }
        for (Map.Entry<String, String> l : plan.links().entrySet()) {
            generated.checkLink(l.getKey(), l.getValue(), conflicts);
        }
        if (!conflicts.isEmpty()) {
            throw new ProblemsException("cannot generate the overlay units, nothing was written:", conflicts);
        }
        removeStale(run.root(), generated, plan, report);
        for (Map.Entry<String, String> f : plan.files().entrySet()) {
            if (generated.write(f.getKey(), f.getValue())) {
                report.action(Report.Outcome.APPLIED, "unit", f.getKey(), null);
                report.count("written");
            } else {
                report.action(Report.Outcome.SKIPPED, "unit", f.getKey(), "unchanged");
                report.count("unchanged");
            }
        }
        for (Map.Entry<String, String> l : plan.links().entrySet()) {
            if (generated.link(l.getKey(), l.getValue())) {
                report.action(Report.Outcome.APPLIED, "enable", l.getKey(), "-> " + l.getValue());
                report.count("written");
            } else {
                report.action(Report.Outcome.SKIPPED, "enable", l.getKey(), "unchanged");
                report.count("unchanged");
            }
        }
        // The fallback tmpfs is mounted there when the mount point is missing, on the read-only root.
        for (String d : plan.storageDirs()) {
            generated.mkdirs(d);
        }
    }

    /** A changed configuration must not leave the previous run's units active. */
    private static void removeStale(TargetRoot root, GeneratedFiles generated, Plan plan, Report report)
            throws TargetPathException {
        List<String> candidates = new ArrayList<>();
        for (String name : root.list(UNIT_DIR)) {
            String p = UNIT_DIR + "/" + name;
            if (name.endsWith(".d")) {
                candidates.add(p + "/rootfs-overlay.conf");
            } else {
                candidates.add(p);
            }
        }
        for (String p : candidates) {
            if (plan.files().containsKey(p) || !generated.ours(p)) {
                continue;
            }
            generated.remove(p);
            report.action(Report.Outcome.APPLIED, "remove-stale", p, "generated by an earlier run, no longer"
                    + " configured");
            report.count("stale removed");
            String link = WANTS_DIR + "/" + TargetPaths.name(p);
            FileInfo li = root.stat(link);
            if (li != null && li.type() == FileType.LINK && ("../" + TargetPaths.name(p)).equals(li.linkTarget())) {
                generated.remove(link);
                report.action(Report.Outcome.APPLIED, "remove-stale", link, "its unit was removed");
            }
        }
    }
}
