package dev.rootfs.factory;

import dev.rootfs.tmpfiles.PopulateVarService;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TreeFixture;
import dev.rootfs.fs.UserDb;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Round trip through the real systemd-tmpfiles: a random /var is moved into the factory, then the generated
 * conf is applied with {@code --create --boot --root} to the emptied /var, and the result must equal the
 * built /var in type, mode, owner, link target, device and content. Early writers (directories that exist
 * before tmpfiles runs, with other modes) and a conf sorting before ours that declares one of the directories
 * must not change the result. Runs as root (chown, mknod), on systemd 252 and 257.
 */
class FactoryRoundTripTest {
    /** Trees per version and variant; 4 variants, so 4 x this many runs. */
    static final int TREES = Integer.getInteger("rootfs.roundTrip.trees", 60);
    /** Instead of a systemd version: apply the conf with our own engine. */
    static final int OUR_ENGINE = -1;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "systemd {0}, early writers {1}, {2}")
    @CsvSource({"252, false, real", "252, true, real", "257, false, real", "257, true, real", "252, true, ours",
        "257, true, ours"})
    void randomTreesRecreateExactly(int version, boolean earlyWriters, String engine) throws Exception {
        HostTools.requireRoot();
        boolean ours = engine.equals("ours");
        int tmpfiles = ours ? OUR_ENGINE : SystemdTmpfiles.binary(version);
        long base = Long.getLong("rootfs.seed", new Random().nextLong());
        int passed = 0;
        for (int i = 0; i < TREES; i++) {
            long seed = base + i;
            try {
                roundTrip(seed, version, earlyWriters, tmpfiles, tmp.resolve("t" + i));
                passed++;
            } catch (AssertionError | Exception e) {
                throw new AssertionError("round trip failed for seed " + seed + " (rerun with -Drootfs.seed=" + seed
                        + " -Drootfs.roundTrip.trees=1): " + e.getMessage(), e);
            }
        }
        System.out.println("factory round trip, systemd " + version + ", early writers " + earlyWriters + ", "
                + (ours ? "our engine" : "real systemd-tmpfiles") + ": "
                + passed + "/" + TREES + " random trees exact (base seed " + base + ")");
    }

    static void roundTrip(long seed, int version, boolean earlyWriters, int tmpfiles, Path dir) throws Exception {
        Path r = Files.createDirectories(dir.resolve("root"));
        Path mdFile = dir.resolve("rootfs.mtree");
        TreeFixture.file(r.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nu1:x:1000:1000::/:\nu2:x:1001:1001::/:\n"
                + "nobody:x:65534:65534::/:\n");
        TreeFixture.file(r.resolve("etc/group"), "root:x:0:\ng1:x:1000:\ng2:x:1001:\ndisk:x:6:\nnogroup:x:65534:\n");
        Files.createDirectories(r.resolve("var"));
        TargetRoot root = TargetRoot.open(r);
        Metadata md = new Metadata();
        RandomVarTree tree = RandomVarTree.fill(seed, root, md, version >= 257);
        UserDb users = UserDb.load(root);
        List<MetaEntry> expected = new ArrayList<>();
        Listing.generate(root, "/var", md, users, new Listing.Options(true, true), expected::add);
        try (MetadataFile f = MetadataFile.open(mdFile)) {
            f.write(md);
        }

        GoalFrame.run(GoalContext.of(r, mdFile).withOwnership(Ownership.ALWAYS),
                new FactoryService(FactoryService.Options.builder().systemdVersion(version).mount(false).build()));

        Set<String> extra = Set.of();
        if (earlyWriters) {
            extra = earlyWriters(root, tree, new Random(seed), expected);
        }
        if (tmpfiles == OUR_ENGINE) {
            // populate-var's engine applies the same conf, recording what it cannot put on disk
            GoalFrame.run(GoalContext.of(r, mdFile).withOwnership(Ownership.ALWAYS),
                    new PopulateVarService(PopulateVarService.Options.builder().prefixes(List.of("/var"))
                            .excludePrefixes(List.of()).systemdVersion(version).build()));
        } else {
            Processes.Run run = SystemdTmpfiles.create(tmpfiles, r);
            assertEquals(0, run.exitCode(), "systemd-tmpfiles failed:\n" + run.output());
        }
        Metadata after;
        try (MetadataFile f = MetadataFile.open(mdFile)) {
            after = f.read().metadata();
        }
        List<MetaEntry> actual = new ArrayList<>();
        Listing.generate(root, "/var", after, users, new Listing.Options(true, true), e -> actual.add(e));
        Set<String> ignore = extra;
        actual.removeIf(e -> ignore.contains(e.path()));
        List<String> diff = dev.rootfs.fs.ListingDiff.diff(metadata(expected), metadata(actual));
        if (!diff.isEmpty()) {
            fail("recreated /var differs from the built one:\n" + String.join("\n", diff) + "\nconf:\n"
                    + Files.readString(r.resolve("usr/lib/tmpfiles.d/00-rootfs-var-factory.conf")));
        }
    }

    /**
     * What journald, random-seed and the catalog do before tmpfiles runs, plus a directory of the tree with
     * another mode and a conf sorting before ours that declares one; returns the paths not in the built tree.
     * Early writers run as root, so they only create directories below root-owned ones: a root-owned
     * directory inside another user's is the "unsafe path transition" systemd-tmpfiles refuses to pass.
     */
    private static Set<String> earlyWriters(TargetRoot root, RandomVarTree tree, Random rnd, List<MetaEntry> expected)
            throws Exception {
        java.util.Map<String, MetaEntry> built = new java.util.HashMap<>();
        expected.forEach(e -> built.put(e.path(), e));
        Set<String> extra = new java.util.HashSet<>();
        for (String p : List.of("/var/log", "/var/lib/systemd/catalog")) {
            if (!rootOwnedDirChain(built, p)) {
                continue;
            }
            root.mkdirs(p, 0700);
            for (String q = p; !q.equals("/var"); q = TargetPaths.parent(q)) {
                if (!built.containsKey(q)) {
                    extra.add(q);
                }
            }
        }
        List<String> dirs = tree.dirs.stream().filter(d -> !d.equals("/var") && d.indexOf('\n') < 0
                && rootOwnedDirChain(built, TargetPaths.parent(d))).toList();
        if (!dirs.isEmpty()) {
            String d = dirs.get(rnd.nextInt(dirs.size()));
            root.mkdirs(d, 0777);
            root.chmod(d, 0777);
            root.write("/usr/lib/tmpfiles.d/00-a.conf", ("d " + dev.rootfs.tmpfiles.TmpfilesQuoting.field(d, 252)
                    + " 0711 - - -\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return extra;
    }

    /** True when every existing ancestor of {@code path} below /var (and it) is a root-owned dir in the tree. */
    private static boolean rootOwnedDirChain(java.util.Map<String, MetaEntry> built, String path) {
        for (String q = path; !q.equals("/var") && !q.equals("/"); q = TargetPaths.parent(q)) {
            MetaEntry e = built.get(q);
            if (e != null && (e.type() != dev.rootfs.fs.FileType.DIR || e.uid() != 0)) {
                return false;
            }
        }
        return true;
    }

    private static Metadata metadata(List<MetaEntry> entries) {
        Metadata m = new Metadata();
        entries.forEach(m::put);
        return m;
    }
}
