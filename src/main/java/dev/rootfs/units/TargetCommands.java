package dev.rootfs.units;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import java.util.List;

/**
 * Absolute paths of the programs the units run, looked up in the target (never on the build host), so that
 * an {@code ExecStart=} never names a program the image lacks.
 */
public final class TargetCommands {
    private static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private TargetCommands() {
    }

    /** The first of /usr/bin, /bin, /usr/sbin, /sbin holding an executable {@code name}, or null. */
    public static String find(TargetRoot root, String name) throws TargetPathException {
        for (String dir : DIRS) {
            FileInfo f = root.statFollow(dir + "/" + name);
            if (f != null && f.type() == FileType.FILE && (f.mode() & 0111) != 0) {
                return dir + "/" + name;
            }
        }
        return null;
    }

    public static String searched() {
        return String.join(", ", DIRS);
    }
}
