package dev.rootfs.bench;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.factory.FactoryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * In-process timing of generate-factory's core on a warm JVM, as inside a Maven build: moving /var of ROOT into
 * the factory and writing the conf. Between runs the move is undone (untimed). Usage: FactoryBench ROOT WORK
 * RUNS VERSION. Prints each run and the median in seconds; leaves the root moved (factory + conf) at the end.
 */
public final class FactoryBench {
    private FactoryBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        int version = Integer.parseInt(args[3]);
        GoalContext ctx = GoalContext.of(root, work.resolve("rootfs.mtree"));
        FactoryService svc = new FactoryService(FactoryService.Options.builder().systemdVersion(version).build());
        double[] t = new double[runs];
        for (int i = -2; i < runs; i++) {
            undo(root, work);
            long s = System.nanoTime();
            FactoryService.Result r = GoalFrame.run(ctx, svc);
            double sec = (System.nanoTime() - s) / 1e9;
            if (i >= 0) {
                t[i] = sec;
                System.out.printf("ours run %d: %.3f s (%d entries moved, %d conf lines)%n", i + 1, sec, r.moved(),
                        r.linesByType().values().stream().mapToInt(Integer::intValue).sum());
            }
        }
        Arrays.sort(t);
        System.out.printf("ours median: %.4f%n", t[runs / 2]);
    }

    /** Puts the factory's content back into /var and removes what the goal wrote. */
    private static void undo(Path root, Path work) throws Exception {
        Path factory = root.resolve("usr/share/factory/var");
        if (Files.isDirectory(factory)) {
            try (Stream<Path> s = Files.list(root.resolve("var"))) {
                for (Path p : s.toList()) {
                    deleteTree(p); // what a tmpfiles run recreated from the factory
                }
            }
            try (Stream<Path> s = Files.list(factory)) {
                for (Path p : s.toList()) {
                    Files.move(p, root.resolve("var").resolve(p.getFileName()));
                }
            }
            deleteTree(root.resolve("usr/share/factory"));
        }
        deleteTree(root.resolve("usr/lib/tmpfiles.d"));
        deleteTree(root.resolve("usr/lib/systemd/system"));
        Files.deleteIfExists(work.resolve("rootfs.mtree"));
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }
}
