package dev.rootfs.tmpfiles;

import dev.rootfs.report.ConfigurationException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
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
public final class PopulateVarService implements Goal<PopulateVarService.Result> {
    /** Prefixes systemd's own boot run and Buildroot leave to runtime. */
    public static final List<String> DEFAULT_EXCLUDES = List.of("/dev", "/proc", "/run", "/sys", "/tmp");

    /** What the goal applies; built with {@link #builder()}, every option has the Mojo's default. */
    public static final class Options {
        private final List<String> prefixes;
        private final List<String> excludePrefixes;
        private final boolean boot;
        private final boolean remove;
        private final List<Path> configFiles;
        private final List<String> lines;
        private final String replace;
        private final Map<String, String> specifierValues;
        private final Integer systemdVersion;

        private Options(Builder b) {
            prefixes = b.prefixes == null ? List.of("/var") : clean(b.prefixes);
            excludePrefixes = b.excludePrefixes == null ? DEFAULT_EXCLUDES : clean(b.excludePrefixes);
            boot = b.boot;
            remove = b.remove;
            configFiles = b.configFiles == null ? List.of() : List.copyOf(b.configFiles);
            lines = b.lines == null ? List.of() : List.copyOf(b.lines);
            replace = b.replace == null || b.replace.isBlank() ? null : b.replace;
            specifierValues = b.specifierValues == null ? Map.of() : Map.copyOf(b.specifierValues);
            PopulateVarService.specifierValues(specifierValues); // refuses a bad key now, before the goal starts
            systemdVersion = b.systemdVersion;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Only lines under one of these (component-wise) are applied; default {@code /var}. */
        public List<String> prefixes() {
            return prefixes;
        }

        /** Lines under these are never applied; default {@link #DEFAULT_EXCLUDES}. */
        public List<String> excludePrefixes() {
            return excludePrefixes;
        }

        /** Also apply lines marked {@code !}; default true. */
        public boolean boot() {
            return boot;
        }

        /** Also apply the removals of r, R and D lines; default false. */
        public boolean remove() {
            return remove;
        }

        /** tmpfiles.d files on the build host, read after the target's own. */
        public List<Path> configFiles() {
            return configFiles;
        }

        /** Extra lines, read last. */
        public List<String> lines() {
            return lines;
        }

        /**
         * Target path of a tmpfiles.d file that {@code configFiles} and {@code lines} replace (systemd's
         * --replace), or null: then they are read after the target's files.
         */
        public String replace() {
            return replace;
        }

        /** Values of the specifiers only a running system knows, by letter ({@code H} or {@code %H}). */
        public Map<String, String> specifierValues() {
            return specifierValues;
        }

        /** The target's systemd version, or null to detect it. */
        public Integer systemdVersion() {
            return systemdVersion;
        }

        /** Collects the options; unset ones keep their defaults. */
        public static final class Builder {
            private List<String> prefixes;
            private List<String> excludePrefixes;
            private boolean boot = true;
            private boolean remove;
            private List<Path> configFiles;
            private List<String> lines;
            private String replace;
            private Map<String, String> specifierValues;
            private Integer systemdVersion;

            private Builder() {
            }

            public Builder prefixes(List<String> v) {
                prefixes = v;
                return this;
            }

            public Builder excludePrefixes(List<String> v) {
                excludePrefixes = v;
                return this;
            }

            public Builder boot(boolean v) {
                boot = v;
                return this;
            }

            public Builder remove(boolean v) {
                remove = v;
                return this;
            }

            public Builder configFiles(List<Path> v) {
                configFiles = v;
                return this;
            }

            public Builder lines(List<String> v) {
                lines = v;
                return this;
            }

            public Builder replace(String v) {
                replace = v;
                return this;
            }

            public Builder specifierValues(Map<String, String> v) {
                specifierValues = v;
                return this;
            }

            public Builder systemdVersion(Integer v) {
                systemdVersion = v;
                return this;
            }

            /** @throws ConfigurationException for a relative prefix or a key that is not a specifier letter */
            public Options build() {
                return new Options(this);
            }
        }
    }

    /** What happened. */
    public record Result(Report report, TmpfilesEngine.Result engine, TargetSystemd systemd, String summary,
            List<Problem> skips, List<Problem> invalid, List<Diagnostic> outsidePrefixes) {
    }

    private final Options options;

    public PopulateVarService(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "populate-var";
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        TargetRoot root = run.root();
        Report report = run.report();
        Map<Character, String> specs = specifierValues(options.specifierValues());
        TargetSystemd systemd = TargetSystemd.resolve(root, options.systemdVersion());
        report.add("systemd-version", systemd.version());
        List<Diagnostic> discoveryWarnings = new ArrayList<>();
        List<ConfigFile> files = configs(root, systemd.version(), discoveryWarnings);
        TmpfilesEngine engine = new TmpfilesEngine(root, new TmpfilesEngine.Options(true, options.remove(),
                options.boot(), new PathFilter(options.prefixes(), options.excludePrefixes()), systemd.version(), specs,
                run.ownership().applies()));
        TmpfilesEngine.Parsed plan = engine.parse(files);
        plan.diagnostics().addAll(0, discoveryWarnings);
        List<Problem> invalid = new ArrayList<>();
        for (Diagnostic d : plan.diagnostics()) {
            if (d.kind() == Diagnostic.Kind.INVALID || d.kind() == Diagnostic.Kind.FATAL) {
                invalid.add(Problem.error(d.where(), d.message()));
            }
        }
        if (run.failOnError() && !invalid.isEmpty()) {
            throw new ProblemsException(invalid.size() + " invalid tmpfiles.d line" + (invalid.size() == 1 ? "" : "s")
                    + ", nothing was changed (failOnError=false skips them as systemd does):", invalid);
        }
        TmpfilesEngine.Result result = engine.execute(plan, run.metadata());
        List<Problem> skips = fill(report, result, files.size());
        return new Result(report, result, systemd, summary(result, files.size(), systemd), skips, invalid,
                plan.outsidePrefixes());
    }

    @Override
    public String summary(Result r, GoalRun run) {
        return r.summary();
    }

    /** The problems, except those the skipped-line warnings word with what to do; those follow. */
    @Override
    public void logProblems(Result r, GoalRun run) {
        Log log = run.log();
        for (Problem p : r.report().problems()) {
            if (!r.skips().contains(p)) {
                log.warn(p.toString());
            }
        }
        // every skipped line is named with why and what to do; the normal ones only at debug level
        SkippedLines.warnings(r.engine().diagnostics(), SkippedLines.Audience.MAVEN).forEach(log::warn);
        if (log.isDebugEnabled()) {
            SkippedLines.notices(r.engine().diagnostics(), r.outsidePrefixes(), SkippedLines.Audience.MAVEN)
                    .forEach(log::debug);
        }
    }

    @Override
    public void check(Result r, GoalRun run) throws ProblemsException {
        List<Problem> failed = r.report().errors().stream().filter(p -> !r.invalid().contains(p)).toList();
        if (run.failOnError() && !failed.isEmpty()) {
            throw new ProblemsException(failed.size() + " tmpfiles.d action" + (failed.size() == 1 ? "" : "s")
                    + " failed:", failed);
        }
    }

    private static List<String> clean(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) {
            if (s != null && !s.isBlank()) {
                String t = s.strip();
                if (!t.startsWith("/")) {
                    throw new ConfigurationException("prefix '" + t + "' is not an absolute path");
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
                throw new ConfigurationException("specifierValues keys are single specifier letters such as H, not '"
                        + e.getKey() + "'");
            }
            out.put(k.charAt(0), e.getValue() == null ? "" : e.getValue());
        }
        return out;
    }

    private List<ConfigFile> configs(TargetRoot root, int version, List<Diagnostic> warnings)
            throws IOException, ProblemsException {
        List<ConfigFile> extra = new ArrayList<>();
        for (Path p : options.configFiles()) {
            if (!Files.isRegularFile(p)) {
                throw new ProblemsException("configFiles: " + p + " is not a readable file");
            }
            extra.add(new ConfigFile(p.getFileName().toString(), p.toString(), Files.readAllBytes(p), false));
        }
        if (!options.lines().isEmpty()) {
            extra.add(new ConfigFile("lines", "<lines>", String.join("\n", options.lines()).getBytes(StandardCharsets.UTF_8),
                    false));
        }
        if (options.replace() != null) {
            ByteArrayJoin joined = new ByteArrayJoin();
            extra.forEach(c -> joined.add(c.content()));
            ConfigFile replacement = new ConfigFile(dev.rootfs.fs.TargetPaths.name(options.replace()),
                    extra.isEmpty() ? options.replace() : extra.get(0).shown(), joined.bytes(), false);
            return ConfigDiscovery.discover(root, version, options.replace(), replacement, warnings);
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
