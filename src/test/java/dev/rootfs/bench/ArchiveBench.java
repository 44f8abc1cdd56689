package dev.rootfs.bench;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.image.ArchiveService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@link ArchiveService} in-process on a warm JVM, as inside a Maven build where the JVM is already up.
 * Run by {@code bench/archive-vs-tar.sh}; not a test. Arguments: ROOT OUTPUT RUNS [WARMUPS]. Prints one line
 * per timed run ({@code run N: S.sss s}) and {@code median: S.sss s}.
 */
public final class ArchiveBench {
    private ArchiveBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        GoalContext ctx = GoalContext.of(root, out.resolveSibling("bench-metadata.mtree"));
        ArchiveService svc = new ArchiveService(ArchiveService.Options.builder(out).mtime(1_735_689_600L).build());
        for (int i = 0; i < warmups; i++) {
            GoalFrame.run(ctx, svc);
        }
        List<Double> times = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            ArchiveService.Result r = GoalFrame.run(ctx, svc);
            double s = (System.nanoTime() - t0) / 1e9;
            times.add(s);
            System.out.printf("run %d: %.3f s (%d entries)%n", i, s, r.entries());
        }
        System.out.printf("median: %.3f s%n", median(times));
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
