package dev.rootfs.tmpfiles;

import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.report.Log;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code populate-var} goal's work: applies the target's tmpfiles.d rules (plus any configured files and
 * lines) to the target root under the configured prefixes, records owners and modes in the metadata and writes
 * {@code populate-var.json}. Invalid lines stop it before anything changes, unless {@code failOnError} is off,
 * where they are skipped with a warning as systemd does.
 */
public final class PopulateVarService {
    /** Prefixes systemd's own boot run and Buildroot leave to runtime. */
    public static final List<String> DEFAULT_EXCLUDES = List.of("/dev", "/proc", "/run", "/sys", "/tmp");

    /**
     * @param replace target path of a tmpfiles.d file that {@code configFiles} and {@code lines} replace
     *                (systemd's --replace); when null they are read after the target's files
     */
    public record Request(Path root, Path metadata, Path reportDir, List<String> prefixes, List<String> excludePrefixes,
            boolean boot, boolean remove, List<Path> configFiles, List<String> lines, String replace,
            Map<String, String> specifierValues, Integer systemdVersion, Ownership ownership, boolean failOnError) {
    }

    /** What happened. */
    public record Result(Report report, TmpfilesEngine.Result engine, TargetSystemd systemd, String summary) {
    }

    public Result run(Request req, Log log) throws ProblemsException, IOException {
        TargetRoot root;
        try {
            root = TargetRoot.open(req.root());
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
        if (root.containsHostPath(req.metadata())) {
            throw new ProblemsException("metadata file " + req.metadata() + " lies inside the root " + root.hostRoot()
                    + "; it would end up in the image");
        }
        Map<Character, String> specs = specifierValues(req.specifierValues());
        TargetSystemd systemd = TargetSystemd.resolve(root, req.systemdVersion());
        Report report = new Report("populate-var");
        report.add("systemd-version", systemd.version());
        try (MetadataFile mf = MetadataFile.open(req.metadata())) {
            Metadata md = mf.read(report, req.failOnError(), "nothing was changed");
            List<Diagnostic> discoveryWarnings = new ArrayList<>();
            List<ConfigFile> files = configs(root, systemd.version(), req, discoveryWarnings);
            List<String> prefixes = req.prefixes() == null ? List.of("/var") : req.prefixes();
            List<String> excludes = req.excludePrefixes() == null ? DEFAULT_EXCLUDES : req.excludePrefixes();
            TmpfilesEngine engine = new TmpfilesEngine(root, new TmpfilesEngine.Options(true, req.remove(), req.boot(),
                    new PathFilter(clean(prefixes), clean(excludes)), systemd.version(), specs,
                    req.ownership().applies()));
            TmpfilesEngine.Parsed plan = engine.parse(files);
            plan.diagnostics().addAll(0, discoveryWarnings);
            List<Problem> invalid = new ArrayList<>();
            for (Diagnostic d : plan.diagnostics()) {
                if (d.kind() == Diagnostic.Kind.INVALID || d.kind() == Diagnostic.Kind.FATAL) {
                    invalid.add(Problem.error(d.where(), d.message()));
                }
            }
            if (req.failOnError() && !invalid.isEmpty()) {
                throw new ProblemsException(invalid.size() + " invalid tmpfiles.d line" + (invalid.size() == 1 ? "" : "s")
                        + ", nothing was changed (failOnError=false skips them as systemd does):", invalid);
            }
            TmpfilesEngine.Result result = engine.execute(plan, md);
            mf.write(md);
            List<Problem> skips = fill(report, result, files.size());
            String summary = summary(result, files.size(), systemd);
            log.info(summary);
            for (Problem p : report.problems()) {
                if (!skips.contains(p)) {
                    log.warn(p.toString());
                }
            }
            // every skipped line is named with why and what to do; the normal ones only at debug level
            SkippedLines.warnings(result.diagnostics(), SkippedLines.Audience.MAVEN).forEach(log::warn);
            if (log.isDebugEnabled()) {
                SkippedLines.notices(result.diagnostics(), plan.outsidePrefixes(), SkippedLines.Audience.MAVEN)
                        .forEach(log::debug);
            }
            if (req.reportDir() != null) {
                report.write(req.reportDir());
            }
            List<Problem> failed = report.errors().stream()
                    .filter(p -> !invalid.contains(p)).toList();
            if (req.failOnError() && !failed.isEmpty()) {
                throw new ProblemsException(failed.size() + " tmpfiles.d action" + (failed.size() == 1 ? "" : "s")
                        + " failed:", failed);
            }
            return new Result(report, result, systemd, summary);
        }
    }

    private static List<String> clean(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) {
            if (s != null && !s.isBlank()) {
                String t = s.strip();
                if (!t.startsWith("/")) {
                    throw new IllegalArgumentException("prefix '" + t + "' is not an absolute path");
                }
                out.add(t);
            }
        }
        return out;
    }

    static Map<Character, String> specifierValues(Map<String, String> in) {
        Map<Character, String> out = new HashMap<>();
        if (in == null) {
            return out;
        }
        for (Map.Entry<String, String> e : in.entrySet()) {
            String k = e.getKey().startsWith("%") ? e.getKey().substring(1) : e.getKey();
            if (k.length() != 1 || !Character.isLetter(k.charAt(0))) {
                throw new IllegalArgumentException("specifierValues keys are single specifier letters such as H, not '"
                        + e.getKey() + "'");
            }
            out.put(k.charAt(0), e.getValue() == null ? "" : e.getValue());
        }
        return out;
    }

    private static List<ConfigFile> configs(TargetRoot root, int version, Request req, List<Diagnostic> warnings)
            throws IOException, ProblemsException {
        List<ConfigFile> extra = new ArrayList<>();
        if (req.configFiles() != null) {
            for (Path p : req.configFiles()) {
                if (!Files.isRegularFile(p)) {
                    throw new ProblemsException("configFiles: " + p + " is not a readable file");
                }
                extra.add(new ConfigFile(p.getFileName().toString(), p.toString(), Files.readAllBytes(p), false));
            }
        }
        if (req.lines() != null && !req.lines().isEmpty()) {
            extra.add(new ConfigFile("lines", "<lines>", String.join("\n", req.lines()).getBytes(StandardCharsets.UTF_8),
                    false));
        }
        if (req.replace() != null && !req.replace().isBlank()) {
            ByteArrayJoin joined = new ByteArrayJoin();
            extra.forEach(c -> joined.add(c.content()));
            ConfigFile replacement = new ConfigFile(dev.rootfs.fs.TargetPaths.name(req.replace()),
                    extra.isEmpty() ? req.replace() : extra.get(0).shown(), joined.bytes(), false);
            return ConfigDiscovery.discover(root, version, req.replace(), replacement, warnings);
        }
        List<ConfigFile> out = ConfigDiscovery.discover(root, version, null, null, warnings);
        out.addAll(extra);
        return out;
    }

    /** Concatenates config contents, one newline between them. */
    private static final class ByteArrayJoin {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void add(byte[] b) {
            if (out.size() > 0) {
                out.write('\n');
            }
            out.writeBytes(b);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Fills the report; returns the problems that the skipped-line warnings show instead. */
    private static List<Problem> fill(Report report, TmpfilesEngine.Result r, int files) {
        List<Problem> skips = new ArrayList<>();
        report.add("config-files", files);
        r.counts().forEach((k, v) -> {
            if (!k.equals("applied")) {
                report.add(k.equals("lines") || k.equals("accepted") || k.equals("outside-prefixes") ? k : "diagnostics-" + k, v);
            }
        });
        for (TmpfilesEngine.Applied a : r.applied()) {
            report.action(Report.Outcome.APPLIED, String.valueOf(a.type()), a.path(), a.where());
        }
        for (Diagnostic d : r.diagnostics()) {
            switch (d.kind()) {
                case SKIPPED -> {
                    report.action(Report.Outcome.SKIPPED, "line", d.where(), d.message());
                    report.count("skipped-" + d.reason().key());
                }
                case UNKNOWN_ID -> {
                    report.action(Report.Outcome.SKIPPED, "line", d.where(), d.message());
                    report.count("skipped-" + d.reason().key());
                    Problem p = Problem.warning(d.where(), d.message() + "; line skipped");
                    report.problem(p);
                    skips.add(p);
                }
                case FAILED -> {
                    report.action(Report.Outcome.FAILED, "line", d.where(), d.message());
                    report.problem(Problem.error(d.where(), d.message()));
                }
                case INVALID, FATAL -> {
                    report.action(Report.Outcome.SKIPPED, "line", d.where(), d.message());
                    report.count("invalid");
                    report.problem(Problem.error(d.where(), d.message()));
                }
                case WARNING -> {
                    if (d.reason() == Diagnostic.Reason.DUPLICATE) {
                        report.action(Report.Outcome.SKIPPED, "line", d.where(), d.message());
                        report.count("skipped-" + d.reason().key());
                    }
                    report.problem(Problem.warning(d.where(), d.message()));
                }
                default -> { }
            }
        }
        return skips;
    }

    private static String summary(TmpfilesEngine.Result r, int files, TargetSystemd systemd) {
        Map<String, Long> c = r.counts();
        return "populate-var: " + c.getOrDefault("lines", 0L) + " lines read from " + files + " files (systemd "
                + systemd.version() + ", " + systemd.source() + "), " + r.applied().size() + " applied, "
                + c.getOrDefault("outside-prefixes", 0L) + " outside the prefixes, "
                + c.getOrDefault("skipped", 0L) + " skipped, " + c.getOrDefault("unknown-id", 0L)
                + " with unknown users/groups, " + c.getOrDefault("invalid", 0L) + " invalid, "
                + c.getOrDefault("fatal", 0L) + " unusable, " + c.getOrDefault("failed", 0L) + " failed";
    }
}
