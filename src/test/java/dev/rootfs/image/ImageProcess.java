package dev.rootfs.image;

import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.ProblemsException;
import java.nio.file.Path;

/**
 * Runs the image goal's core in its own JVM, so a test can run it as an unprivileged user.
 * Args: ROOT METADATA IMAGE TYPE VERITY(none|separate|append) TIMESTAMP TOOLDIR|- REPORTS.
 */
public final class ImageProcess {
    private ImageProcess() {
    }

    public static void main(String[] a) throws Exception {
        ImageService.Options o = ImageService.Options.of(ImageType.parse(a[3]), Path.of(a[2]))
                .withTimestamp(Long.parseLong(a[5])).withIdentity("dev.rootfs.test:image:1", null)
                .withVerity(!a[4].equals("none"), a[4].equals("append"))
                .withToolDirectory(a[6].equals("-") ? null : Path.of(a[6]));
        try {
            GoalFrame.run(GoalContext.of(Path.of(a[0]), Path.of(a[1])).withReportsDirectory(Path.of(a[7])),
                    new ImageService(o));
        } catch (ProblemsException e) {
            System.err.println(e.getMessage());
            e.problems().forEach(p -> System.err.println(p));
            System.exit(2);
        }
    }
}
