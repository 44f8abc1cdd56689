package dev.rootfs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.TreeFixture;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage run killed (SIGKILL) at different moments leaves either the previous root with its metadata or the new
 * one, never a half-staged root; the next run succeeds and gives the new root.
 */
class StageKillTest {
    @TempDir
    Path tmp;

    @Test
    void aRunKilledAtAnyPointLeavesAWholeRootAndTheNextRunSucceeds() throws Exception {
        Path root = tmp.resolve("work/rootfs");
        Path md = tmp.resolve("work/rootfs.mtree");
        Path old = tmp.resolve("in/old.tar");
        Path big = tmp.resolve("in/new.tar");
        Files.createDirectories(old.getParent());
        Files.write(old, new TestArchives.Tar().dir("etc/", 0755).file("etc/version", 0644, 0, 7, "old\n").bytes());
        TestArchives.Tar t = new TestArchives.Tar().dir("etc/", 0755).file("etc/version", 0644, "new\n");
        for (int i = 0; i < 4000; i++) {
            t.file("data/f" + i, 0640, i % 3, 5, "content " + i + "\n".repeat(i % 50));
        }
        Files.write(big, t.bytes());
        GoalContext ctx = GoalContext.of(root, md);
        GoalFrame.run(ctx, new StageService(new StageService.Options(List.of(ArchiveLayer.of(old)), false)));
        String oldRoot = TreeFixture.fingerprint(root);
        String oldMd = Files.readString(md);
        GoalFrame.run(ctx, new StageService(new StageService.Options(List.of(ArchiveLayer.of(big)), false)));
        String newRoot = TreeFixture.fingerprint(root);
        String newMd = Files.readString(md);
        GoalFrame.run(ctx, new StageService(new StageService.Options(List.of(ArchiveLayer.of(old)), false)));

        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int killedMidway = 0;
        for (long delay : new long[] {0, 50, 100, 200, 400, 800, 1600}) {
            Process p = new ProcessBuilder(java, "-cp", cp, StageProcess.class.getName(), root.toString(),
                    md.toString(), big.toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("out.txt").toFile()).start();
            // the delay counts from when the staging starts (the process prints its user first)
            while (p.isAlive() && !Files.readString(tmp.resolve("out.txt")).contains("Uid:")) {
                Thread.sleep(5);
            }
            boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor();
                killedMidway++;
            }
            String now = Files.exists(root) ? TreeFixture.fingerprint(root) : null;
            String nowMd = Files.readString(md);
            // the swap renames the old root aside and the new one in; between the two there is none
            assertTrue(now == null || now.equals(oldRoot) && nowMd.equals(oldMd) || now.equals(newRoot),
                    "after a kill " + delay + " ms into the run the root is neither the previous nor the new one");
            GoalFrame.run(ctx, new StageService(new StageService.Options(List.of(ArchiveLayer.of(big)), false)));
            assertEquals(newRoot, TreeFixture.fingerprint(root));
            assertEquals(newMd, Files.readString(md));
            GoalFrame.run(ctx, new StageService(new StageService.Options(List.of(ArchiveLayer.of(old)), false)));
            assertEquals(oldRoot, TreeFixture.fingerprint(root));
        }
        assertTrue(killedMidway > 0, "no run was killed before it finished; the archive is too small");
        System.out.println("killed " + killedMidway + " of 7 runs before they finished");
    }
}
