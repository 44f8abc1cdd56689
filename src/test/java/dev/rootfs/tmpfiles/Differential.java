package dev.rootfs.tmpfiles;

import dev.rootfs.fs.Listing;
import dev.rootfs.fs.ListingDiff;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import dev.rootfs.report.Problem;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one configuration through the real systemd-tmpfiles (or takes its recorded outcome, {@link GoldenCase})
 * and through our engine, each on its own copy of the same fixture root, and compares the trees (type, mode,
 * uid:gid, link target, content) and the exit codes. The real tool runs as root and chowns on disk; our side
 * records owners in the metadata only (as without root), so its listing is the metadata's view and the real one
 * the disk's.
 */
final class Differential {
    /** Builds the fixture inside a root (runs once per side). */
    interface Setup {
        void apply(Path root) throws IOException;
    }

    record Outcome(int ours, int theirs, List<String> diff, String theirStderr, List<Diagnostic> ourDiagnostics) {
        boolean same() {
            return ours == theirs && diff.isEmpty();
        }

        String explain(String conf) {
            StringBuilder sb = new StringBuilder("config:\n").append(conf).append("\nexit ours=").append(ours)
                    .append(" theirs=").append(theirs).append('\n');
            diff.forEach(d -> sb.append(d).append('\n'));
            sb.append("their stderr:\n").append(theirStderr).append("our diagnostics:\n");
            ourDiagnostics.forEach(d -> sb.append("  ").append(d.kind()).append(' ').append(d).append('\n'));
            return sb.toString();
        }
    }

    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nonlyinroot:x:1234:1235::/nonexistent:/bin/false\n"
            + "svc:x:900:901::/:/bin/false\n";
    static final String GROUP = "root:x:0:\nonlyinroot:x:1235:\nsvc:x:901:\nshared:x:950:\n";
    static final String USR_PASSWD = "late:x:777:778::/:/bin/false\nsvc:x:1:1::/:/bin/false\n";

    private Differential() {
    }

    /** The identity files every fixture root has (§14.2). */
    static void base(Path r) throws IOException {
        Files.createDirectories(r.resolve("etc"));
        Files.createDirectories(r.resolve("usr/lib"));
        Files.writeString(r.resolve("etc/passwd"), PASSWD);
        Files.writeString(r.resolve("etc/group"), GROUP);
        Files.writeString(r.resolve("usr/lib/passwd"), USR_PASSWD);
        Files.writeString(r.resolve("etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
        Files.writeString(r.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\nBUILD_ID=b42\nVARIANT_ID=fw\n"
                + "IMAGE_ID=img\nIMAGE_VERSION=7.1\n");
    }

    /** Against the real tool only (skips outside CI where it cannot run); no golden file. */
    static Outcome compare(int version, String conf, Setup setup, List<String> extraArgs) throws Exception {
        return compare(version, null, conf, setup, extraArgs);
    }

    /**
     * Runs the case through our engine and compares with the reference: the real tool where it can run (which
     * also re-derives the golden file of {@code id}: drift fails, {@code -Drootfs.golden.update=true} rewrites
     * it), else the golden file, so the case runs as any user on any machine. In CI the real tool must run.
     */
    static Outcome compare(int version, GoldenCase.Id id, String conf, Setup setup, List<String> extraArgs)
            throws Exception {
        boolean real = Oracle.available(version);
        if (!real && GoldenCase.updating()) {
            throw new AssertionError("rewriting the golden files needs the real tool: " + Oracle.missing(version));
        }
        if (!real && (id == null || HostTools.inCi())) {
            // in CI the real tool re-derives every golden file; a case without one has nothing else to compare with
            HostTools.requireThat(false, Oracle.missing(version));
        }
        Path work = Files.createTempDirectory("tmpfiles-diff");
        try {
            Path theirs = work.resolve("theirs");
            Path ours = work.resolve("ours");
            for (Path r : real ? List.of(theirs, ours) : List.of(ours)) {
                Files.createDirectories(r);
                base(r);
                if (setup != null) {
                    setup.apply(r);
                }
            }
            Path confFile = work.resolve("test.conf");
            Files.writeString(confFile, conf == null ? "" : conf, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of("--create"));
            boolean boot = !extraArgs.contains("--no-boot");
            if (boot) {
                args.add("--boot");
            }
            extraArgs.stream().filter(a -> !a.equals("--no-boot")).forEach(args::add);
            String header = id == null ? null : GoldenCase.header(version, id, conf, args,
                    digest(listing(TargetRoot.open(ours), new Metadata(), false)));
            if (conf != null) {
                args.add(confFile.toString());
            }
            int refExit;
            Metadata refList;
            String refStderr;
            if (real) {
                Processes.Run run = Oracle.run(version, theirs, args);
                // theirs may have made nodes we cannot stat as a tree (immutable etc.): lines here avoid h/H
                refExit = run.exitCode();
                refList = listing(TargetRoot.open(theirs), new Metadata(), true);
                refStderr = run.stderr();
                if (id != null) {
                    GoldenCase.checkOrWrite(version, id, header, refExit, refList);
                }
            } else {
                GoldenCase.Recorded rec = GoldenCase.read(version, id, header);
                refExit = rec.exit();
                refList = rec.listing();
                refStderr = "(the real tool did not run here: its outcome comes from " + rec.file() + ")\n";
            }
            if (id != null) {
                GoldenCase.counted(version);
            }
            TargetRoot ourRoot = TargetRoot.open(ours);
            List<String> prefixes = new ArrayList<>();
            List<String> excludes = new ArrayList<>();
            for (String a : extraArgs) {
                if (a.startsWith("--prefix=")) {
                    prefixes.add(a.substring(9));
                } else if (a.startsWith("--exclude-prefix=")) {
                    excludes.add(a.substring(17));
                }
            }
            TmpfilesEngine engine = new TmpfilesEngine(ourRoot, new TmpfilesEngine.Options(true, false, boot,
                    new PathFilter(prefixes, excludes), version, Map.of(), false));
            List<Diagnostic> discovery = new ArrayList<>();
            // without a config file both sides discover the root's tmpfiles.d directories
            List<ConfigFile> files = conf == null ? ConfigDiscovery.discover(ourRoot, version, null, null, discovery)
                    : List.of(new ConfigFile("test.conf", confFile.toString(), conf.getBytes(StandardCharsets.UTF_8),
                            false));
            TmpfilesEngine.Parsed parsed = engine.parse(files);
            Metadata md = new Metadata();
            int ourExit;
            List<Diagnostic> diags;
            if (parsed.has(Diagnostic.Kind.FATAL)) {
                ourExit = 1; // systemd reads everything, then refuses to run
                diags = parsed.diagnostics();
            } else {
                TmpfilesEngine.Result res = engine.execute(parsed, md);
                ourExit = res.exitCode();
                diags = res.diagnostics();
            }
            Metadata ourList = listing(ourRoot, md, false);
            List<String> diff = ListingDiff.diff(refList, ourList);
            return new Outcome(ourExit, refExit, diff, refStderr, diags);
        } finally {
            deleteTree(work);
        }
    }

    /** The fixture's identity for the golden header: the sha256 of its listing. */
    private static String digest(Metadata listing) throws Exception {
        byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                .digest(MtreeFormat.format(listing).getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(h);
    }

    private static Metadata listing(TargetRoot root, Metadata md, boolean diskOwners) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Metadata out = new Metadata();
        for (MetaEntry e : Listing.list(root, md, UserDb.empty(), new Listing.Options(true, diskOwners), problems)) {
            // names come from different databases on each side; ids are what counts. xattrs are checked apart.
            out.put(e.withOwner(e.uid(), null).withGroup(e.gid(), null).withXattrs(null));
        }
        return out;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
