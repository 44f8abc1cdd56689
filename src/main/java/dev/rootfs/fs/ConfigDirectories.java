package dev.rootfs.fs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds a systemd configuration family inside the target the way systemd's {@code conf_files_list} does for
 * tmpfiles.d, sysusers.d and system-preset: the directories by priority, files with the family's suffix only, the
 * highest-priority file of each basename wins (an empty one or a link to /dev/null masks the lower ones), and the
 * survivors are read in byte order of their basenames. Everything is read inside the root.
 */
public final class ConfigDirectories {
    /** The first systemd version without the split-/usr directory {@code /lib/<name>} in the search path. */
    public static final int NO_LIB_DIR = 254;

    /** Where a file or a directory could not be read: {@code cause} is set when a directory could not be listed. */
    public interface Warnings {
        void warn(String path, String message, TargetPathException cause);
    }

    /** One file found, or the stand-in a caller put in place of one. */
    public record Found(String name, String shown, byte[] content, boolean masked) {
    }

    private ConfigDirectories() {
    }

    /**
     * The search directories of {@code name} ("tmpfiles.d", "sysusers.d", "systemd/system-preset") for a systemd
     * version, highest priority first: /etc, /run, /usr/local/lib, /usr/lib, and /lib before 254.
     */
    public static List<String> standard(String name, int version) {
        List<String> dirs = new ArrayList<>(List.of("/etc/" + name, "/run/" + name, "/usr/local/lib/" + name,
                "/usr/lib/" + name));
        if (version < NO_LIB_DIR) {
            dirs.add("/lib/" + name);
        }
        return dirs;
    }

    /**
     * The files of {@code dirs} ending in {@code suffix}, in reading order. {@code replacement}, when not null,
     * stands for the file at {@code replacePath} (a target path such as /usr/lib/tmpfiles.d/app.conf) with that
     * file's priority, as systemd's {@code --replace} does; problems reading a file or a directory go to
     * {@code warnings} as (path, message).
     */
    public static List<Found> discover(TargetRoot root, List<String> dirs, String suffix, String replacePath,
            Found replacement, Warnings warnings) throws TargetPathException {
        Map<String, Found> byName = new LinkedHashMap<>();
        String replaceDir = replacePath == null ? null : TargetPaths.parent(TargetPaths.normalize(replacePath));
        String replaceName = replacePath == null ? null : TargetPaths.name(TargetPaths.normalize(replacePath));
        boolean replaced = false;
        for (String dir : dirs) {
            if (!replaced && dir.equals(replaceDir) && !byName.containsKey(replaceName)) {
                byName.put(replaceName, new Found(replaceName, replacement.shown(), replacement.content(),
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
                    if (n.endsWith(suffix)) {
                        names.add(n);
                    }
                }
            } catch (TargetPathException e) {
                warnings.warn(dir, "cannot list: " + e.getMessage(), e);
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
        TreeMap<String, Found> sorted = new TreeMap<>(TargetPaths::compareNames);
        sorted.putAll(byName);
        return new ArrayList<>(sorted.values());
    }

    /**
     * The target's files of {@code dirs} plus files and lines the build supplies ({@code extra}, read after the
     * target's), or, with {@code replace}, the supplied ones joined in place of that target file.
     */
    public static List<Found> discoverWith(TargetRoot root, List<String> dirs, String suffix, List<Found> extra,
            String replace, Warnings warnings) throws TargetPathException {
        if (replace != null && !replace.isBlank()) {
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (Found f : extra) {
                if (joined.size() > 0) {
                    joined.write('\n');
                }
                joined.writeBytes(f.content());
            }
            Found stand = new Found(TargetPaths.name(TargetPaths.normalize(replace)),
                    extra.isEmpty() ? replace : extra.get(0).shown(), joined.toByteArray(), false);
            return discover(root, dirs, suffix, replace, stand, warnings);
        }
        List<Found> out = discover(root, dirs, suffix, null, null, warnings);
        out.addAll(extra);
        return out;
    }

    /**
     * A configuration file the build supplies (a host path outside the target), named by its host path in
     * diagnostics; null when it is not a readable regular file.
     */
    public static Found hostFile(java.nio.file.Path p) throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(p)) {
            return null;
        }
        return new Found(p.getFileName().toString(), p.toString(), java.nio.file.Files.readAllBytes(p), false);
    }

    private static Found read(TargetRoot root, String path, String name, Warnings warnings)
            throws TargetPathException {
        FileInfo info = root.stat(path);
        if (info != null && info.type() == FileType.LINK && "/dev/null".equals(info.linkTarget())) {
            return new Found(name, path, new byte[0], true);
        }
        FileInfo target = root.statFollow(path);
        if (target == null || target.type() != FileType.FILE) {
            warnings.warn(path, "Failed to open '" + path + "', ignoring: "
                    + (target == null ? "No such file or directory" : "not a regular file"), null);
            return new Found(name, path, new byte[0], true);
        }
        byte[] content = root.read(path);
        return new Found(name, path, content, content.length == 0);
    }
}
