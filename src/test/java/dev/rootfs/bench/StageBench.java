package dev.rootfs.bench;

import dev.rootfs.fs.Ownership;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.stage.ArchiveLayer;
import dev.rootfs.stage.StageService;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the stage goal's core ({@link StageService} with one archive layer) in-process on a warm JVM, as inside a
 * Maven build. Run by {@code bench/stage-bench.sh}; not a test. Arguments: ARCHIVE ROOT RUNS WARMUPS. Before each
 * run, untimed as in the script's tar runs, ROOT is removed and the page cache synced. Prints each run,
 * {@code median: S.sss s} and the peak heap used.
 */
public final class StageBench {
    private StageBench() {
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        Path root = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        int warmups = Integer.parseInt(args[3]);
        GoalContext ctx = GoalContext.of(root, root.resolveSibling("stage-bench.mtree")).withOwnership(Ownership.AUTO);
        StageService goal = new StageService(new StageService.Options(List.of(ArchiveLayer.of(archive)), false));
        List<Double> times = new ArrayList<>();
        for (int i = 1 - warmups; i <= runs; i++) {
            clear(root);
            long t0 = System.nanoTime();
            GoalFrame.run(ctx, goal);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= 1) {
                times.add(s);
                System.out.printf("run %d: %.3f s%n", i, s);
            }
        }
        System.out.printf("median: %.3f s%n", ArchiveBench.median(times));
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("peak heap: %d MB (max %d MB)%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** As the script does before each tar run: an empty directory and no dirty pages of the run before. */
    private static void clear(Path root) throws Exception {
        for (String[] cmd : new String[][] {{"rm", "-rf", "--", root.toString()}, {"sync"}}) {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed");
            }
        }
    }
}
