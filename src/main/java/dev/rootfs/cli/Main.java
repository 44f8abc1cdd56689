package dev.rootfs.cli;

import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.ConfigurationException;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.tmpfiles.ConfigDiscovery;
import dev.rootfs.tmpfiles.ConfigFile;
import dev.rootfs.tmpfiles.Diagnostic;
import dev.rootfs.tmpfiles.PathFilter;
import dev.rootfs.tmpfiles.SkippedLines;
import dev.rootfs.tmpfiles.TmpfilesEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rootfs-tmpfiles}: the populate-var engine behind a systemd-tmpfiles compatible command line, for use
 * outside Maven. Accepts the options that make sense on an image root ({@code --create --boot --remove --root
 * --prefix --exclude-prefix -E --cat-config --dry-run --replace}, config files or {@code -}) and exits like
 * systemd-tmpfiles: 0, 65 for invalid lines, 73 for failed actions, 1 for unusable setups.
 */
public final class Main {
    static final int EX_OK = 0;
    static final int EX_SETUP = 1;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    private static final String USAGE = String.join("\n",
            "usage: rootfs-tmpfiles --root=DIR [OPTIONS] [CONFIGFILE...]",
            "",
            "Applies tmpfiles.d rules to an image root as systemd-tmpfiles --root=DIR would, offline.",
            "  --create              create and adjust files and directories",
            "  --remove              apply r, R and D removals first",
            "  --boot                also apply lines marked with !",
            "  --root=DIR            the image root (required)",
            "  --prefix=PATH         only apply lines under PATH (repeatable)",
            "  --exclude-prefix=PATH never apply lines under PATH (repeatable)",
            "  -E                    same as --exclude-prefix for /dev, /proc, /run and /sys",
            "  --replace=PATH        the given config files take the place of PATH",
            "  --cat-config          print the configuration files in reading order",
            "  --dry-run             parse and show what would run, change nothing",
            "  --metadata=FILE       ownership metadata (mtree) to read and write back",
            "  --systemd-version=N   the target's systemd version (default: detected)",
            "  --specifier=X=VALUE   a value for a host-only specifier such as %H (repeatable)",
            "  --apply-ownership=auto|always|never  chown on disk (auto: when running as root)",
            "  --verbose             also name the lines skipped as a matter of course (outside the",
            "                        prefixes, ! lines without --boot)",
            "Every line skipped for another reason (a host-only specifier, an unknown user) is named",
            "on standard error with what to do about it.",
            "CONFIGFILE: a path (read from this machine), a basename (searched in the root's tmpfiles.d",
            "directories), or - for standard input.");

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        boolean create = false;
        boolean remove = false;
        boolean boot = false;
        boolean cat = false;
        boolean dryRun = false;
        boolean verbose = "debug".equals(System.getenv("SYSTEMD_LOG_LEVEL"));
        String rootDir = null;
        String replace = null;
        String metadata = null;
        Integer version = null;
        Ownership ownership = Ownership.AUTO;
        List<String> prefixes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        Map<Character, String> specs = new HashMap<>();
        List<String> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String opt = a;
                String val = null;
                if (a.startsWith("--") && a.contains("=")) {
                    opt = a.substring(0, a.indexOf('='));
                    val = a.substring(a.indexOf('=') + 1);
                }
                switch (opt) {
                    case "--create" -> create = true;
                    case "--remove" -> remove = true;
                    case "--boot" -> boot = true;
                    case "--cat-config" -> cat = true;
                    case "--dry-run" -> dryRun = true;
                    case "--verbose" -> verbose = true;
                    case "-E" -> excludes.addAll(List.of("/dev", "/proc", "/run", "/sys"));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return EX_OK;
                    }
                    case "--no-pager" -> { }
                    case "--clean", "--purge", "--user", "--graceful", "--image" -> {
                        err.println(opt + " is not supported by this offline implementation.");
                        return EX_SETUP;
                    }
                    case "--root", "--prefix", "--exclude-prefix", "--replace", "--metadata", "--systemd-version",
                            "--specifier", "--apply-ownership" -> {
                        if (val == null) {
                            if (i + 1 >= args.length) {
                                err.println("option '" + opt + "' requires an argument");
                                return EX_SETUP;
                            }
                            val = args[++i];
                        }
                        switch (opt) {
                            case "--root" -> rootDir = val;
                            case "--prefix" -> prefixes.add(val);
                            case "--exclude-prefix" -> excludes.add(val);
                            case "--replace" -> replace = val;
                            case "--metadata" -> metadata = val;
                            case "--systemd-version" -> version = Integer.parseInt(val);
                            case "--apply-ownership" -> ownership = Ownership.parse(val);
                            default -> {
                                int eq = val.indexOf('=');
                                String k = eq < 0 ? val : val.substring(0, eq);
                                if (k.startsWith("%")) {
                                    k = k.substring(1);
                                }
                                if (eq < 0 || k.length() != 1) {
                                    err.println("--specifier takes X=VALUE, e.g. --specifier=H=myhost");
                                    return EX_SETUP;
                                }
                                specs.put(k.charAt(0), val.substring(eq + 1));
                            }
                        }
                    }
                    default -> {
                        if (a.startsWith("-") && !a.equals("-")) {
                            err.println("unrecognized option '" + a + "'");
                            return EX_SETUP;
                        }
                        files.add(a);
                    }
                }
            }
        } catch (ConfigurationException | NumberFormatException e) {
            err.println(e.getMessage());
            return EX_SETUP;
        }
        if (rootDir == null) {
            err.println("--root=DIR is required: this command works on image roots, never on the running system.");
            return EX_SETUP;
        }
        if (cat && replace != null) {
            err.println("Option --replace= is not supported with --cat-config");
            return EX_SETUP;
        }
        if (!create && !remove && !cat) {
            err.println("You need to specify at least one of --clean, --create or --remove.");
            return EX_SETUP;
        }
        try {
            TargetRoot root = TargetRoot.open(Path.of(rootDir));
            TargetSystemd systemd = TargetSystemd.resolve(root, version);
            List<Diagnostic> warnings = new ArrayList<>();
            List<ConfigFile> configs = configs(root, systemd.version(), files, replace, stdin, warnings);
            if (configs == null) {
                err.println(warnings.get(warnings.size() - 1).message());
                return EX_SETUP;
            }
            if (cat) {
                catConfig(root, configs, out);
                return EX_OK;
            }
            TmpfilesEngine engine = new TmpfilesEngine(root, new TmpfilesEngine.Options(create, remove, boot,
                    new PathFilter(prefixes, excludes), systemd.version(), specs, ownership.applies()));
            TmpfilesEngine.Parsed parsed = engine.parse(configs);
            parsed.diagnostics().addAll(0, warnings);
            if (parsed.has(Diagnostic.Kind.FATAL) || dryRun) {
                print(parsed.diagnostics(), parsed.outsidePrefixes(), verbose, err);
                if (dryRun) {
                    out.println("Would apply " + parsed.accepted() + " lines to " + root.hostRoot());
                }
                return parsed.has(Diagnostic.Kind.FATAL) ? EX_SETUP
                        : parsed.has(Diagnostic.Kind.INVALID) || parsed.has(Diagnostic.Kind.UNKNOWN_ID) ? 65 : EX_OK;
            }
            TmpfilesEngine.Result result = execute(engine, parsed, root.hostRoot(), metadata, ownership, err);
            print(result.diagnostics(), parsed.outsidePrefixes(), verbose, err);
            return result.exitCode();
        } catch (TargetPathException | ConfigurationException e) {
            err.println(e.getMessage());
            return EX_SETUP;
        } catch (ProblemsException e) {
            err.println(e.getMessage());
            return EX_SETUP;
        } catch (IOException e) {
            err.println("I/O error: " + e.getMessage());
            return EX_SETUP;
        }
    }

    /**
     * Applies the parsed lines through the goal frame, with the metadata named by --metadata; without it the
     * owners and modes the disk cannot hold are recorded in a throwaway file, as systemd-tmpfiles would not keep
     * them either.
     */
    private static TmpfilesEngine.Result execute(TmpfilesEngine engine, TmpfilesEngine.Parsed parsed, Path root,
            String metadata, Ownership ownership, PrintStream err) throws IOException, ProblemsException {
        Path scratch = metadata == null ? Files.createTempDirectory("rootfs-tmpfiles") : null;
        Path file = metadata == null ? scratch.resolve("rootfs.mtree") : Path.of(metadata);
        try {
            GoalContext ctx = new GoalContext(root, file, null, ownership, true, new ErrLog(err));
            return GoalFrame.run(ctx, new Goal<TmpfilesEngine.Result>() {
                @Override
                public String name() {
                    return "rootfs-tmpfiles";
                }

                @Override
                public TmpfilesEngine.Result run(GoalRun run) {
                    return engine.execute(parsed, run.metadata());
                }

                @Override
                public String summary(TmpfilesEngine.Result r, GoalRun run) {
                    return "Applied " + r.applied().size() + " lines to " + root;
                }

                /** Failed lines are told by the exit code, as systemd-tmpfiles does. */
                @Override
                public void check(TmpfilesEngine.Result r, GoalRun run) {
                }
            });
        } finally {
            if (scratch != null) {
                for (String n : new String[] {"rootfs.mtree", "rootfs.mtree.lock"}) {
                    Files.deleteIfExists(scratch.resolve(n));
                }
                Files.delete(scratch);
            }
        }
    }

    /** The command line's log: warnings on standard error, the summary only with SYSTEMD_LOG_LEVEL=debug. */
    private record ErrLog(PrintStream err) implements Log {
        @Override
        public void info(String message) {
            debug(message);
        }

        @Override
        public void warn(String message) {
            err.println(message);
        }

        @Override
        public void debug(String message) {
            if (isDebugEnabled()) {
                err.println(message);
            }
        }

        @Override
        public boolean isDebugEnabled() {
            return "debug".equals(System.getenv("SYSTEMD_LOG_LEVEL"));
        }
    }

    /** Problems as systemd-tmpfiles words them, then every skipped line with why and what to do. */
    private static void print(List<Diagnostic> diags, List<Diagnostic> outsidePrefixes, boolean verbose,
            PrintStream err) {
        for (Diagnostic d : diags) {
            if (!SkippedLines.covers(d)) {
                err.println(d);
            }
        }
        SkippedLines.warnings(diags, SkippedLines.Audience.COMMAND_LINE).forEach(err::println);
        if (verbose) {
            SkippedLines.notices(diags, outsidePrefixes, SkippedLines.Audience.COMMAND_LINE).forEach(err::println);
        }
    }

    /** The configuration to read; null (with the reason as the last warning) when a named file is missing. */
    private static List<ConfigFile> configs(TargetRoot root, int version, List<String> files, String replace,
            InputStream stdin, List<Diagnostic> warnings) throws IOException {
        List<ConfigFile> given = new ArrayList<>();
        for (String f : files) {
            if (f.equals("-")) {
                given.add(new ConfigFile("-", "<stdin>", stdin.readAllBytes(), false));
            } else if (f.contains("/")) {
                Path p = Path.of(f);
                if (!Files.isRegularFile(p)) {
                    warnings.add(new Diagnostic(Diagnostic.Kind.FATAL, f, "Failed to open '" + f
                            + "': No such file or directory"));
                    return null;
                }
                given.add(new ConfigFile(p.getFileName().toString(), f, Files.readAllBytes(p), false));
            } else {
                ConfigFile found = null;
                for (String dir : ConfigDiscovery.directories(version)) {
                    String tp = dir + "/" + f;
                    byte[] b = root.readIfExists(tp);
                    if (b != null) {
                        found = new ConfigFile(f, root.canonical(tp), b, b.length == 0);
                        break;
                    }
                }
                if (found == null) {
                    warnings.add(new Diagnostic(Diagnostic.Kind.FATAL, f, "Failed to open '" + f
                            + "': No such file or directory"));
                    return null;
                }
                given.add(found);
            }
        }
        if (replace != null) {
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (ConfigFile c : given) {
                joined.writeBytes(c.content());
                joined.write('\n');
            }
            return ConfigDiscovery.discover(root, version, replace,
                    new ConfigFile(dev.rootfs.fs.TargetPaths.name(replace), given.isEmpty() ? replace
                            : given.get(0).shown(), joined.toByteArray(), false), warnings);
        }
        if (!given.isEmpty()) {
            return given;
        }
        return ConfigDiscovery.discover(root, version, null, null, warnings);
    }

    private static void catConfig(TargetRoot root, List<ConfigFile> configs, PrintStream out) {
        boolean first = true;
        for (ConfigFile c : configs) {
            if (!first) {
                out.println();
            }
            first = false;
            String shown = c.shown().startsWith("/") && !c.shown().startsWith(root.hostRoot().toString())
                    ? root.hostRoot() + c.shown() : c.shown();
            out.println("# " + shown);
            String text = new String(c.content(), StandardCharsets.UTF_8);
            out.print(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.println();
            }
        }
    }
}
