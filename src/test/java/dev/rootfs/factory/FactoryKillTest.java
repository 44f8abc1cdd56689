package dev.rootfs.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TreeFixture;
import dev.rootfs.fs.UserDb;
import dev.rootfs.testing.Processes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generate-factory run killed (SIGKILL) at a random point and then run again ends exactly where an
 * uninterrupted run ends: same tree, same metadata, same conf, nothing lost.
 */
class FactoryKillTest {
    static final int KILLS = Integer.getInteger("rootfs.kills", 12);

    @TempDir
    Path tmp;

    @Test
    void killedRunsFinishOnReRun() throws Exception {
        Path original = tmp.resolve("original");
        build(original);
        Path ref = copy(original, "ref");
        runInProcess(ref);
        String expected = state(ref);

        long seed = Long.getLong("rootfs.seed", new Random().nextLong());
        Random rnd = new Random(seed);
        Path probe = copy(original, "probe");
        long workMillis = Math.max(20, runProcess(probe, -1));
        int interrupted = 0;
        for (int i = 0; i < KILLS; i++) {
            Path run = copy(original, "run" + i);
            long delay = (long) (rnd.nextDouble() * workMillis * 1.2);
            if (runProcess(run, delay) < 0) {
                interrupted++;
            }
            runInProcess(run);
            assertEquals(expected, state(run), "after a kill " + delay + " ms into the run (seed " + seed + ")");
        }
        System.out.println("factory kill test: " + interrupted + " of " + KILLS + " runs killed mid-way (work "
                + workMillis + " ms, seed " + seed + "), all re-runs identical to an uninterrupted run");
        assertTrue(interrupted > 0, "no run was interrupted; the tree is too small to kill mid-way");
    }

    /** 40 directories of 100 files, links and subdirectories, metadata for some, an existing factory. */
    private static void build(Path dir) throws Exception {
        Path r = dir.resolve("root");
        TreeFixture.file(r.resolve("etc/passwd"), "root:x:0:0::/:\napp:x:1000:1000::/:\n");
        StringBuilder md = new StringBuilder("#mtree\n");
        for (int d = 0; d < 40; d++) {
            for (int f = 0; f < 100; f++) {
                TreeFixture.file(r.resolve("var/lib/pkg" + d + "/sub" + (f % 5) + "/file" + f), "content " + d + "/" + f);
            }
            TreeFixture.link(r.resolve("var/lib/pkg" + d + "/link"), "sub0/file0");
            md.append("./var/lib/pkg").append(d).append(" type=dir mode=0750 uid=1000 gid=1000\n");
        }
        TreeFixture.file(r.resolve("usr/share/factory/var/lib/pkg0/sub0/kept"), "from a package");
        md.append("./usr/share/factory/var/lib/pkg0 type=dir mode=0750 uid=1000 gid=1000\n");
        Files.writeString(dir.resolve("rootfs.mtree"), md);
    }

    private Path copy(Path from, String name) throws Exception {
        Path to = tmp.resolve(name);
        Processes.command("cp", "-a", from.toString(), to.toString()).runOk();
        return to;
    }

    private static void runInProcess(Path dir) throws Exception {
        FactoryProcess.run(dir.resolve("root"), dir.resolve("rootfs.mtree"));
    }

    /**
     * Runs the core in a child JVM; with {@code killAfter >= 0} kills it that many ms after it started working.
     * Returns the work time in ms, or -1 when the kill came first.
     */
    private static long runProcess(Path dir, long killAfter) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                FactoryProcess.class.getName(), dir.resolve("root").toString(), dir.resolve("rootfs.mtree").toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("started", out.readLine());
        if (killAfter >= 0) {
            Thread.sleep(killAfter);
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
                p.waitFor(60, TimeUnit.SECONDS);
                return -1;
            }
        }
        String last = out.readLine();
        p.waitFor(60, TimeUnit.SECONDS);
        if (last != null && last.startsWith("done ")) {
            return Long.parseLong(last.substring(5));
        }
        if (killAfter < 0) {
            throw new AssertionError("the factory process failed: " + last);
        }
        return -1;
    }

    /** The whole root listed with the metadata, plus the metadata file: what a run leaves behind. */
    private static String state(Path dir) throws Exception {
        TargetRoot root = TargetRoot.open(dir.resolve("root"));
        StringBuilder sb = new StringBuilder();
        try (MetadataFile mf = MetadataFile.open(dir.resolve("rootfs.mtree"))) {
            MtreeFormat.Parsed p = mf.read();
            sb.append(MtreeFormat.format(p.metadata())).append("----\n");
            List<String> lines = new ArrayList<>();
            Listing.generate(root, p.metadata(), UserDb.load(root), new Listing.Options(true, false),
                    e -> lines.add(MtreeFormat.format(e)));
            lines.forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }
}
