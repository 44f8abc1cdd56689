package dev.rootfs.factory;

import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import java.nio.file.Path;

/** Runs generate-factory's core in its own JVM, so a test can kill it at any point. Args: ROOT METADATA. */
public final class FactoryProcess {
    private FactoryProcess() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("started");
        System.out.flush();
        long t0 = System.nanoTime();
        run(Path.of(args[0]), Path.of(args[1]));
        System.out.println("done " + (System.nanoTime() - t0) / 1_000_000);
    }

    /** The run a killed one must end up equal to: systemd 252, a tmpfs var.mount, owners only recorded. */
    static void run(Path root, Path metadata) throws Exception {
        GoalFrame.run(GoalContext.of(root, metadata),
                new FactoryService(FactoryService.Options.builder().systemdVersion(252).build()));
    }
}
