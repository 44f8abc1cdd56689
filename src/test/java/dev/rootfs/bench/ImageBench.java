package dev.rootfs.bench;

import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.image.ImageService;
import dev.rootfs.image.ImageType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the image goal's core ({@link ImageService}, squashfs) in-process on a warm JVM, as inside a Maven build
 * where the JVM is already up. Run by {@code bench/image-bench.sh}; not a test. Arguments: ROOT IMAGE COMPRESSION
 * RUNS WARMUPS [TOOLDIR]. Prints one line per timed run ({@code run N: S.sss s}) and {@code median: S.sss s}.
 */
public final class ImageBench {
    private ImageBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int runs = Integer.parseInt(args[3]);
        int warmups = Integer.parseInt(args[4]);
        ImageService.Options o = ImageService.Options.of(ImageType.SQUASHFS, out).withCompression(args[2])
                .withTimestamp(1_735_689_600L).withIdentity("dev.rootfs.bench:image:1", null)
                .withToolDirectory(args.length > 5 ? Path.of(args[5]) : null);
        GoalContext ctx = GoalContext.of(root, out.resolveSibling("bench-metadata.mtree"));
        for (int i = 0; i < warmups; i++) {
            GoalFrame.run(ctx, new ImageService(o));
        }
        List<Double> times = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            ImageService.Result r = GoalFrame.run(ctx, new ImageService(o));
            double s = (System.nanoTime() - t0) / 1e9;
            times.add(s);
            System.out.printf("run %d: %.3f s (%d entries)%n", i, s, r.entries());
        }
        System.out.printf("median: %.3f s%n", ArchiveBench.median(times));
    }
}
