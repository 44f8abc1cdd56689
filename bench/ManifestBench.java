import dev.rootfs.fs.Ownership;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.image.ManifestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * In-process timing of the manifest goal's core (listing without digests) on a warm JVM, as inside a Maven
 * build. Usage: ManifestBench ROOT OUTDIR RUNS. Prints one line per run and the median in seconds.
 */
public class ManifestBench {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        ManifestService svc = new ManifestService(new ManifestService.Options(out.resolve("manifest.mtree"), false));
        GoalContext req = GoalContext.of(root, out.resolve("rootfs.mtree")).withOwnership(Ownership.NEVER);
        for (int i = 0; i < 3; i++) {
            GoalFrame.run(req, svc); // warm-up: JIT and page cache
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            ManifestService.Result r = GoalFrame.run(req, svc);
            t[i] = (System.nanoTime() - s) / 1e9;
            System.out.printf("ours run %d: %.3f s (%d entries)%n", i + 1, t[i], r.entries());
        }
        Arrays.sort(t);
        System.out.printf("ours median: %.4f%n", t[runs / 2]);
        Files.deleteIfExists(out.resolve("manifest.mtree"));
    }
}
