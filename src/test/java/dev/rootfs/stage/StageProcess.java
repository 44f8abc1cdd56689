package dev.rootfs.stage;

import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the stage goal's core in its own JVM, so a test can run it as another (unprivileged) user. Args: ROOT
 * METADATA ARCHIVE. Prints the user it ran as ({@code Uid:} of /proc/self/status) first.
 */
public final class StageProcess {
    private StageProcess() {
    }

    public static void main(String[] args) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                System.out.println(line);
            }
        }
        long t0 = System.nanoTime();
        GoalFrame.run(GoalContext.of(Path.of(args[0]), Path.of(args[1])).withOwnership(
                dev.rootfs.fs.Ownership.AUTO), new StageService(new StageService.Options(
                        List.of(ArchiveLayer.of(Path.of(args[2]))), false)));
        System.out.println("staged in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
