package dev.rootfs.tmpfiles;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        List<String> dirs = new ArrayList<>(List.of("/etc/tmpfiles.d", "/run/tmpfiles.d", "/usr/local/lib/tmpfiles.d",
                "/usr/lib/tmpfiles.d"));
        if (Feature.LIB_CONFIG_DIR.in(version)) {
            dirs.add("/lib/tmpfiles.d");
        }
        return dirs;
    }

    /**
     * The files in reading order. {@code replacement}, when not null, stands for the file at
     * {@code replacePath} (a target path such as /usr/lib/tmpfiles.d/app.conf) with that file's priority, as
     * {@code --replace} does; problems reading a file go to {@code warnings}.
     */
    public static List<ConfigFile> discover(TargetRoot root, int version, String replacePath, ConfigFile replacement,
            List<Diagnostic> warnings) throws TargetPathException {
        Map<String, ConfigFile> byName = new LinkedHashMap<>();
        String replaceDir = replacePath == null ? null : TargetPaths.parent(TargetPaths.normalize(replacePath));
        String replaceName = replacePath == null ? null : TargetPaths.name(TargetPaths.normalize(replacePath));
        boolean replaced = false;
        for (String dir : directories(version)) {
            if (!replaced && dir.equals(replaceDir) && !byName.containsKey(replaceName)) {
                byName.put(replaceName, new ConfigFile(replaceName, replacement.shown(), replacement.content(),
                        replacement.masked()));
            }
            if (dir.equals(replaceDir)) {
                replaced = true;
            }
            FileInfo info = root.statFollow(dir);
            if (info == null || info.type() != FileType.DIR) {
                continue;
            }
            List<String> names = new ArrayList<>();
            try {
                for (String n : root.list(dir)) {
                    if (n.endsWith(".conf")) {
                        names.add(n);
                    }
                }
            } catch (TargetPathException e) {
                warnings.add(new Diagnostic(Diagnostic.Kind.WARNING, dir, "cannot list: " + Failure.reason(e)));
                continue;
            }
            for (String n : names) {
                if (byName.containsKey(n)) {
                    continue;
                }
                String path = TargetPaths.child(root.canonical(dir), n);
                byName.put(n, read(root, path, n, warnings));
            }
        }
        if (replacePath != null && !replaced) {
            byName.putIfAbsent(replaceName, replacement);
        }
        TreeMap<String, ConfigFile> sorted = new TreeMap<>(ConfigDiscovery::compareBytes);
        sorted.putAll(byName);
        return new ArrayList<>(sorted.values());
    }

    private static ConfigFile read(TargetRoot root, String path, String name, List<Diagnostic> warnings)
            throws TargetPathException {
        FileInfo info = root.stat(path);
        if (info != null && info.type() == FileType.LINK && "/dev/null".equals(info.linkTarget())) {
            return new ConfigFile(name, path, new byte[0], true);
        }
        FileInfo target = root.statFollow(path);
        if (target == null || target.type() != FileType.FILE) {
            warnings.add(new Diagnostic(Diagnostic.Kind.WARNING, path, "Failed to open '" + path
                    + "', ignoring: " + (target == null ? "No such file or directory" : "not a regular file")));
            return new ConfigFile(name, path, new byte[0], true);
        }
        byte[] content = root.read(path);
        return new ConfigFile(name, path, content, content.length == 0);
    }

    /** strcmp order of UTF-8 names. */
    static int compareBytes(String a, String b) {
        return TargetPaths.compareNames(a, b);
    }
}
