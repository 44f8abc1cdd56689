package dev.rootfs.units;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
public final class OverlayUnitGenerator {
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
                throw new IllegalArgumentException("overlayCheck must be fail, warn or skip, not '" + s + "'");
            }
        }
    }

    /**
     * @param root            the target root
     * @param metadata        the metadata file
     * @param reportDir       where {@code generate-overlay-units.json} goes, or null
     * @param paths           paths to overlay
     * @param storage         upper storage
     * @param overlayOptions  overrides of the overlay mount options ("index=on")
     * @param perImageVersion keep upper and work per image version
     * @param imageVersion    the version for that, or null to read IMAGE_VERSION / VERSION_ID of os-release
     * @param systemdVersion  the target's systemd version, or null to detect it
     * @param overlayCheck    what a target kernel without overlayfs does to the build
     * @param ownership       whether owners are applied on disk
     * @param failOnError     a bad path fails the build (else it is skipped with a warning)
     */
    public record Request(Path root, Path metadata, Path reportDir, List<String> paths, UpperStorage storage,
            List<String> overlayOptions, boolean perImageVersion, String imageVersion, Integer systemdVersion,
            Check overlayCheck, Ownership ownership, boolean failOnError) {
    }

    /** What was generated. */
    public record Result(List<OverlayLayout> layouts, TargetSystemd systemd, Map<String, String> files,
            Report report) {
    }

    /** Everything decided before writing. */
    private record Plan(List<OverlayLayout> layouts, TargetSystemd systemd, Map<String, String> files,
            Map<String, String> links, List<String> storageDirs) {
    }

    public Result run(Request req, Log log) throws ProblemsException, IOException {
        TargetRoot root;
        try {
            root = TargetRoot.openForGoal(req.root(), req.metadata());
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
        Report report = new Report(GOAL);
        try (MetadataFile mf = MetadataFile.open(req.metadata())) {
            Metadata md = mf.read(report, req.failOnError(), "nothing was written");
            Plan plan = plan(root, md, req, report);
            if (!report.errors().isEmpty()) {
                throw new ProblemsException("cannot generate the overlay units, nothing was written:",
                        report.errors());
            }
            write(root, md, plan, req.ownership(), report);
            mf.write(md);
            for (Problem p : report.problems()) {
                log.warn(p.toString());
            }
            if (req.reportDir() != null) {
                report.write(req.reportDir());
            }
            log.info("Overlay units for " + plan.layouts().size() + " path(s) ("
                    + String.join(", ", plan.layouts().stream().map(OverlayLayout::path).toList()) + "), upper on "
                    + req.storage().kind().id() + ", target systemd " + plan.systemd().version() + ": "
                    + report.counter("written") + " file(s) written, " + report.counter("unchanged")
                    + " unchanged, " + report.counter("stale removed") + " stale removed"
                    + (report.problems().isEmpty() ? "" : ", " + report.problems().size() + " warning(s)"));
            return new Result(plan.layouts(), plan.systemd(), plan.files(), report);
        } catch (TargetPathException e) {
            throw new ProblemsException("cannot generate the overlay units: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- checks and plan

    private Plan plan(TargetRoot root, Metadata md, Request req, Report report) throws TargetPathException {
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
        } catch (IllegalArgumentException e) {
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
            FileInfo lower = lower(root, path, req.failOnError(), problems);
            if (lower == null || systemd == null) {
                continue;
            }
            MetaEntry rec = md.get(path);
            MetaEntry disk = Listing.fromDisk(lower, req.ownership().applies());
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
            v = osRelease(root, "IMAGE_VERSION");
            v = v == null ? osRelease(root, "VERSION_ID") : v;
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

    private static String osRelease(TargetRoot root, String key) throws TargetPathException {
        byte[] b = root.readIfExists("/etc/os-release");
        b = b == null ? root.readIfExists("/usr/lib/os-release") : b;
        if (b == null) {
            return null;
        }
        for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(key + "=")) {
                String v = line.substring(key.length() + 1).trim();
                if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
                        && v.charAt(v.length() - 1) == v.charAt(0)) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.isEmpty() ? null : v;
            }
        }
        return null;
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

    private static void write(TargetRoot root, Metadata md, Plan plan, Ownership ownership, Report report)
            throws TargetPathException, ProblemsException {
        List<Problem> conflicts = new ArrayList<>();
        for (String f : plan.files().keySet()) {
            FileInfo info = root.stat(f);
            if (info != null && !(info.type() == FileType.FILE && ours(root, f))) {
                conflicts.add(Problem.error(f, "exists and was not generated by this goal; remove it, or"
                        + " override the generated unit with a drop-in instead"));
            }
        }
        for (Map.Entry<String, String> l : plan.links().entrySet()) {
            FileInfo info = root.stat(l.getKey());
            if (info != null && !(info.type() == FileType.LINK && l.getValue().equals(info.linkTarget()))) {
                conflicts.add(Problem.error(l.getKey(), "exists and is not the link to " + l.getValue()
                        + " this goal creates"));
            }
        }
        if (!conflicts.isEmpty()) {
            conflicts.forEach(report::problem);
            throw new ProblemsException("cannot generate the overlay units, nothing was written:", conflicts);
        }
        UserDb users = UserDb.load(root);
        removeStale(root, md, plan, report);
        for (Map.Entry<String, String> f : plan.files().entrySet()) {
            mkdirs(root, md, users, ownership, TargetPaths.parent(f.getKey()));
            byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
            byte[] old = root.readIfExists(f.getKey());
            if (old != null && Arrays.equals(old, content)) {
                report.action(Report.Outcome.SKIPPED, "unit", f.getKey(), "unchanged");
                report.count("unchanged");
            } else {
                root.write(f.getKey(), content);
                report.action(Report.Outcome.APPLIED, "unit", f.getKey(), null);
                report.count("written");
            }
            root.chmod(f.getKey(), 0644);
            record(root, md, users, ownership, f.getKey(), FileType.FILE, 0644, null);
        }
        for (Map.Entry<String, String> l : plan.links().entrySet()) {
            mkdirs(root, md, users, ownership, TargetPaths.parent(l.getKey()));
            if (root.stat(l.getKey()) == null) {
                root.symlink(l.getKey(), l.getValue());
                report.action(Report.Outcome.APPLIED, "enable", l.getKey(), "-> " + l.getValue());
                report.count("written");
            } else {
                report.action(Report.Outcome.SKIPPED, "enable", l.getKey(), "unchanged");
                report.count("unchanged");
            }
            record(root, md, users, ownership, l.getKey(), FileType.LINK, 0777, l.getValue());
        }
        // The fallback tmpfs is mounted there when the mount point is missing, on the read-only root.
        for (String d : plan.storageDirs()) {
            mkdirs(root, md, users, ownership, d);
        }
    }

    /** A file this goal generated earlier: it starts with the marker line. */
    private static boolean ours(TargetRoot root, String path) throws TargetPathException {
        byte[] b = root.readIfExists(path);
        byte[] marker = (UnitFile.MARKER + "\n").getBytes(StandardCharsets.UTF_8);
        return b != null && b.length >= marker.length
                && Arrays.equals(Arrays.copyOf(b, marker.length), marker);
    }

    /** Pitfall: a changed configuration must not leave the previous run's units active. */
    private static void removeStale(TargetRoot root, Metadata md, Plan plan, Report report)
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
            FileInfo info = root.stat(p);
            if (info == null || info.type() != FileType.FILE || plan.files().containsKey(p) || !ours(root, p)) {
                continue;
            }
            root.delete(p);
            md.remove(p);
            report.action(Report.Outcome.APPLIED, "remove-stale", p, "generated by an earlier run, no longer"
                    + " configured");
            report.count("stale removed");
            String link = WANTS_DIR + "/" + TargetPaths.name(p);
            FileInfo li = root.stat(link);
            if (li != null && li.type() == FileType.LINK && ("../" + TargetPaths.name(p)).equals(li.linkTarget())) {
                root.delete(link);
                md.remove(link);
                report.action(Report.Outcome.APPLIED, "remove-stale", link, "its unit was removed");
            }
        }
    }

    /** Creates missing directories one by one, recording each as 0755 root:root. */
    private static void mkdirs(TargetRoot root, Metadata md, UserDb users, Ownership ownership, String dir)
            throws TargetPathException {
        String real = root.canonical(dir);
        String current = "/";
        for (String c : TargetPaths.components(real)) {
            current = TargetPaths.child(current, c);
            if (root.stat(current) == null) {
                root.mkdir(current, 0755);
                record(root, md, users, ownership, current, FileType.DIR, 0755, null);
            }
        }
    }

    private static void record(TargetRoot root, Metadata md, UserDb users, Ownership ownership, String path,
            FileType type, int mode, String link) throws TargetPathException {
        if (ownership.applies()) {
            root.chown(path, 0, 0);
        }
        String rootUser = users.userName(0);
        String rootGroup = users.groupName(0);
        md.put(MetaEntry.of(path).withType(type).withMode(mode).withOwner(0L, rootUser == null ? "root" : rootUser)
                .withGroup(0L, rootGroup == null ? "root" : rootGroup).withLink(link));
    }
}
