package dev.rootfs.tmpfiles;

import dev.rootfs.fs.ConfigDirectories;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the target's tmpfiles.d files as systemd does inside it (§1): the directories by priority, {@code *.conf}
 * only, the highest-priority file of each basename wins (an empty one or a /dev/null link masks), and the
 * survivors are read in byte order of their basenames. Everything is read inside the root.
 */
public final class ConfigDiscovery {
    private ConfigDiscovery() {
    }

    /** The search directories for a systemd version, highest priority first. */
    public static List<String> directories(int version) {
        return ConfigDirectories.standard("tmpfiles.d", version);
    }

    /**
     * The files in reading order. {@code replacement}, when not null, stands for the file at
     * {@code replacePath} (a target path such as /usr/lib/tmpfiles.d/app.conf) with that file's priority, as
     * {@code --replace} does; problems reading a file go to {@code warnings}.
     */
    public static List<ConfigFile> discover(TargetRoot root, int version, String replacePath, ConfigFile replacement,
            List<Diagnostic> warnings) throws TargetPathException {
        ConfigDirectories.Found stand = replacement == null ? null
                : new ConfigDirectories.Found(replacement.name(), replacement.shown(), replacement.content(),
                        replacement.masked());
        List<ConfigFile> out = new ArrayList<>();
        for (ConfigDirectories.Found f : ConfigDirectories.discover(root, directories(version), ".conf", replacePath,
                stand, (path, message, cause) -> warnings.add(new Diagnostic(Diagnostic.Kind.WARNING, path,
                        cause == null ? message : "cannot list: " + Failure.reason(cause))))) {
            out.add(new ConfigFile(f.name(), f.shown(), f.content(), f.masked()));
        }
        return out;
    }

    /** strcmp order of UTF-8 names. */
    static int compareBytes(String a, String b) {
        return TargetPaths.compareNames(a, b);
    }
}
