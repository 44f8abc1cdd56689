package dev.rootfs.factory;

import dev.rootfs.fs.Ownership;
import dev.rootfs.report.Log;
import java.nio.file.Path;

/** Runs generate-factory's core in its own JVM, so a test can kill it at any point. Args: ROOT METADATA. */
public final class FactoryProcess {
    private FactoryProcess() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("started");
        System.out.flush();
        long t0 = System.nanoTime();
        new FactoryService().run(new FactoryService.Request(Path.of(args[0]), Path.of(args[1]), null, null, false, 252,
                true, "50%", "1m", null, "ext4", null, Ownership.NEVER, true, false), Log.SILENT);
        System.out.println("done " + (System.nanoTime() - t0) / 1_000_000);
    }
}
