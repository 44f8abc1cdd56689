import dev.rootfs.fs.Ownership;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.tmpfiles.PopulateVarService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * In-process timing of the populate-var goal's core on a warm JVM, as inside a Maven build: each run applies the
 * generated configuration to a fresh copy of the base root (the copy is not timed). Reports the peak heap of the
 * timed runs. Usage: PopulateVarBench BASE CONF WORKDIR RUNS
 */
public class PopulateVarBench {
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path conf = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        PopulateVarService svc = new PopulateVarService(PopulateVarService.Options.builder().prefixes(List.of("/var"))
                .configFiles(List.of(conf)).systemdVersion(257).build());
        for (int i = 0; i < 2; i++) {
            once(svc, base, conf, work.resolve("warm" + i)); // warm-up: JIT, page cache
        }
        // heap in use, sampled while the timed runs go (pool peaks of eden, survivor and old do not coincide)
        long[] peakUsed = {0};
        Thread sampler = new Thread(() -> {
            Runtime rt = Runtime.getRuntime();
            while (!Thread.currentThread().isInterrupted()) {
                peakUsed[0] = Math.max(peakUsed[0], rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = once(svc, base, conf, work.resolve("run" + i));
            System.out.printf("ours run %d: %.3f s%n", i + 1, t[i]);
        }
        sampler.interrupt();
        long peak = peakUsed[0];
        Arrays.sort(t);
        System.out.printf("ours median: %.4f%n", t[runs / 2]);
        System.out.printf("ours peak heap: %d MB (max %d MB)%n", peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static double once(PopulateVarService svc, Path base, Path conf, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path root = dir.resolve("root");
        Process p = new ProcessBuilder("cp", "-a", base.toString(), root.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cp failed");
        }
        long s = System.nanoTime();
        PopulateVarService.Result r = GoalFrame.run(GoalContext.of(root, dir.resolve("rootfs.mtree"))
                .withReportsDirectory(dir.resolve("reports")).withOwnership(Ownership.AUTO), svc);
        double secs = (System.nanoTime() - s) / 1e9;
        if (r.engine().exitCode() != 0) {
            throw new IllegalStateException("the run reported problems: " + r.summary());
        }
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        return secs;
    }
}
