package dev.rootfs.tmpfiles;

import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * systemd-tmpfiles {@code --create [--boot] [--remove] --root=R} as a library: parses every line of the given
 * configuration files, plans and runs them on the target root, recording owners and modes in the metadata.
 * Parsing finishes before anything is touched, so a caller can refuse to run on invalid input.
 */
public final class TmpfilesEngine {

    /**
     * @param create          run the create actions
     * @param remove          run the r/R/D removals first
     * @param boot            use '!' lines
     * @param filter          prefixes
     * @param version         target systemd version
     * @param specifierValues user-supplied specifier values (letter to value)
     * @param diskOwners      also chown on disk (root only)
     */
    public record Options(boolean create, boolean remove, boolean boot, PathFilter filter, int version,
            Map<Character, String> specifierValues, boolean diskOwners) {
    }

    /** What was read, before anything runs. */
    public static final class Parsed {
        final Planner planner = new Planner();
        final List<Diagnostic> diagnostics = new ArrayList<>();
        final List<Item> ignores = new ArrayList<>();
        final List<Diagnostic> outsidePrefixes = new ArrayList<>();
        int lines;
        int filtered;

        public List<Diagnostic> diagnostics() {
            return diagnostics;
        }

        public int lines() {
            return lines;
        }

        public int accepted() {
            return planner.size();
        }

        public int filtered() {
            return filtered;
        }

        /** One notice per line outside the prefixes: normal, so apart from the diagnostics and their counts. */
        public List<Diagnostic> outsidePrefixes() {
            return outsidePrefixes;
        }

        public boolean has(Diagnostic.Kind kind) {
            return diagnostics.stream().anyMatch(d -> d.kind() == kind);
        }
    }

    /** The outcome of a run. */
    public record Result(List<Diagnostic> diagnostics, Map<String, Long> counts, List<Applied> applied) {
        public boolean has(Diagnostic.Kind kind) {
            return diagnostics.stream().anyMatch(d -> d.kind() == kind);
        }

        /** systemd's exit code: 1 fatal, 65 invalid (including unknown users), 73 failed, else 0. */
        public int exitCode() {
            if (has(Diagnostic.Kind.FATAL)) {
                return 1;
            }
            if (has(Diagnostic.Kind.INVALID) || has(Diagnostic.Kind.UNKNOWN_ID)) {
                return 65;
            }
            return has(Diagnostic.Kind.FAILED) ? 73 : 0;
        }
    }

    /** One line that ran; {@code path} is where it acted. */
    public record Applied(String where, char type, String path) {
    }

    private final TargetRoot root;
    private final Options opts;
    private final UserDb users;
    private final Specifiers specifiers;

    public TmpfilesEngine(TargetRoot root, Options opts) throws TargetPathException {
        this.root = root;
        this.opts = opts;
        this.users = UserDb.load(root);
        TargetFacts facts = TargetFacts.read(root);
        this.specifiers = new Specifiers(opts.version(), facts.values, facts.missing,
                opts.specifierValues() == null ? Map.of() : opts.specifierValues());
    }

    public UserDb users() {
        return users;
    }

    /** Parses every line of every file, in order, into a plan. */
    public Parsed parse(List<ConfigFile> files) {
        Parsed p = new Parsed();
        forEachLine(files, (line, where, ctx) -> {
            p.lines++;
            parseLine(p, line, where, ctx);
        });
        return p;
    }

    /**
     * Every valid item of {@code files} in reading order, duplicates included; for comparing what other
     * confs declare with lines about to be written. Diagnostics are dropped.
     */
    public List<Item> items(List<ConfigFile> files) {
        List<Item> out = new ArrayList<>();
        forEachLine(files, (line, where, ctx) -> {
            Item item = LineParser.parse(line, where, ctx).item();
            if (item != null) {
                out.add(item);
            }
        });
        return out;
    }

    private interface LineSink {
        void accept(String line, String where, LineParser.Context ctx);
    }

    private void forEachLine(List<ConfigFile> files, LineSink sink) {
        LineParser.Context ctx = new LineParser.Context(opts.version(), opts.boot(), opts.filter(), specifiers, users,
                root);
        for (ConfigFile f : files) {
            String text = new String(f.content(), StandardCharsets.UTF_8);
            int n = 0;
            int start = 0;
            while (start <= text.length()) {
                int nl = text.indexOf('\n', start);
                String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
                n++;
                if (!(nl < 0 && line.isEmpty())) {
                    sink.accept(line, f.shown() + ":" + n, ctx);
                }
                if (nl < 0) {
                    break;
                }
                start = nl + 1;
            }
        }
    }

    private static void parseLine(Parsed p, String line, String where, LineParser.Context ctx) {
        LineParser.Outcome o = LineParser.parse(line, where, ctx);
        p.diagnostics.addAll(o.diagnostics());
        if (o.filtered()) {
            p.filtered++;
            p.outsidePrefixes.add(o.outside());
        }
        if (o.item() != null) {
            Diagnostic dup = p.planner.add(o.item());
            if (dup != null) {
                p.diagnostics.add(dup);
            } else if (o.item().type().isIgnore()) {
                p.ignores.add(o.item());
            }
        }
    }

    /** Runs a parsed plan on the root, recording in {@code md}. */
    public Result execute(Parsed parsed, Metadata md) {
        List<Diagnostic> diags = new ArrayList<>(parsed.diagnostics);
        List<Applied> applied = new ArrayList<>();
        Map<Diagnostic.Kind, Long> kinds = new EnumMap<>(Diagnostic.Kind.class);
        LineActions ex = new LineActions(root, md, users, opts.diskOwners(), opts.version(), new LineActions.Sink() {
            @Override
            public void diagnostic(Diagnostic d) {
                diags.add(d);
            }

            @Override
            public void applied(Item it, String path) {
                applied.add(new Applied(it.where(), it.letter(), path));
            }
        });
        parsed.ignores.forEach(ex::addIgnore);
        root.cacheDirectories(true); // this run is the only writer of the root until it returns
        try {
            runAll(parsed, ex, diags, applied);
        } finally {
            root.cacheDirectories(false);
        }
        for (Diagnostic d : diags) {
            kinds.merge(d.kind(), 1L, Long::sum);
        }
        Map<String, Long> counts = new TreeMap<>();
        counts.put("lines", (long) parsed.lines);
        counts.put("accepted", (long) parsed.accepted());
        counts.put("outside-prefixes", (long) parsed.filtered);
        counts.put("applied", (long) applied.size());
        kinds.forEach((k, v) -> counts.put(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), v));
        return new Result(diags, counts, applied);
    }

    private void runAll(Parsed parsed, LineActions ex, List<Diagnostic> diags, List<Applied> applied) {
        if (opts.remove()) {
            for (Item it : parsed.planner.removeOrder()) {
                run(it, ex, diags, true);
            }
        }
        if (opts.create()) {
            for (Item it : parsed.planner.createOrder()) {
                if (run(it, ex, diags, false)) {
                    applied.add(new Applied(it.where(), it.letter(), it.path()));
                }
            }
        }
    }

    private static boolean run(Item it, LineActions ex, List<Diagnostic> diags, boolean remove) {
        int before = diags.size();
        try {
            if (remove) {
                it.type().remove(it, ex);
            } else {
                it.type().create(it, ex);
            }
            return diags.size() == before || diags.subList(before, diags.size()).stream()
                    .noneMatch(d -> d.kind() == Diagnostic.Kind.SKIPPED || d.kind() == Diagnostic.Kind.WARNING);
        } catch (Failure f) {
            diags.add(new Diagnostic(it.mods().allowFailure() ? Diagnostic.Kind.WARNING : Diagnostic.Kind.FAILED,
                    it.where(), f.getMessage() + (it.mods().allowFailure() ? " (ignored: '-' modifier)" : "")));
        } catch (RuntimeException e) {
            diags.add(new Diagnostic(Diagnostic.Kind.FAILED, it.where(), it.letter() + " " + it.path()
                    + ": unexpected error " + e));
        }
        return false;
    }
}
