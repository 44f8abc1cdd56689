package dev.rootfs.fs;

import dev.rootfs.report.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systemd version of the target, so that generated files and the tmpfiles engine use only what it
 * supports. Read from the name of systemd's private shared library ({@code libsystemd-shared-252.so} on Debian,
 * {@code libsystemd-shared-255.4-1.fc40.so} on Fedora; every build since v231 installs one), or configured.
 *
 * @param version major version, e.g. 252
 * @param source  where it came from: the library's target path, or "systemdVersion"
 */
public record TargetSystemd(int version, String source) {
    /** systemd 256 creates an overlay mount's upperdir= and workdir= itself. */
    public static final int CREATES_OVERLAY_DIRS = 256;
    /** What the tmpfiles engine follows when the target has no systemd library and nothing was configured. */
    public static final int ASSUMED = 257;

    private static final Pattern LIB = Pattern.compile("libsystemd-shared-(\\d{3})(?:[.~+-][^/]*)?\\.so(?:\\.[0-9.]+)?");
    private static final List<String> LIB_DIRS = List.of("/usr/lib", "/usr/lib64", "/lib", "/lib64");

    public boolean atLeast(int v) {
        return version >= v;
    }

    /**
     * The configured version when given, else the detected one. For goals whose output depends on the version.
     *
     * @throws ConfigurationException when nothing is configured and the target has no, or several different,
     *                                  systemd libraries
     */
    public static TargetSystemd detect(TargetRoot root, Integer configured) throws TargetPathException {
        if (configured != null) {
            return configured(configured);
        }
        TreeMap<Integer, String> found = libraries(root);
        if (found.isEmpty()) {
            throw new ConfigurationException("cannot tell the target's systemd version: no libsystemd-shared-*.so"
                    + " under /usr/lib, /lib (or their lib64 and <arch> directories)/systemd; set systemdVersion"
                    + " (rootfs.systemdVersion)");
        }
        if (found.size() > 1) {
            throw new ConfigurationException("the target holds several systemd versions " + found.keySet() + " ("
                    + String.join(", ", found.values()) + "); set systemdVersion (rootfs.systemdVersion)");
        }
        return new TargetSystemd(found.firstKey(), found.firstEntry().getValue());
    }

    /** The configured version, else the highest detected one, else {@link #ASSUMED}. */
    public static TargetSystemd resolve(TargetRoot root, Integer configured) throws TargetPathException {
        if (configured != null) {
            return configured(configured);
        }
        return find(root).orElse(new TargetSystemd(ASSUMED, "assumed (no libsystemd-shared-NNN.so in the target)"));
    }

    /** The highest version among the target's systemd libraries, if it has any. */
    public static Optional<TargetSystemd> find(TargetRoot root) throws TargetPathException {
        TreeMap<Integer, String> found = libraries(root);
        return found.isEmpty() ? Optional.empty()
                : Optional.of(new TargetSystemd(found.lastKey(), found.lastEntry().getValue()));
    }

    private static TargetSystemd configured(int v) {
        if (v < 200 || v > 999) {
            throw new ConfigurationException("systemdVersion must be a systemd major version like 252, not " + v);
        }
        return new TargetSystemd(v, "systemdVersion");
    }

    /** Version to library path, from {@code <libdir>/systemd} and {@code <libdir>/<triplet>/systemd}. */
    private static TreeMap<Integer, String> libraries(TargetRoot root) throws TargetPathException {
        TreeMap<Integer, String> found = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String lib : LIB_DIRS) {
            List<String> dirs = new ArrayList<>();
            dirs.add(lib + "/systemd");
            for (String sub : list(root, lib)) {
                if (sub.contains("-linux-")) {
                    dirs.add(lib + "/" + sub + "/systemd");
                }
            }
            for (String dir : dirs) {
                for (String name : list(root, dir)) {
                    Matcher m = LIB.matcher(name);
                    if (!m.matches()) {
                        continue;
                    }
                    String path = canonical(root, dir) + "/" + name;
                    if (seen.add(path)) {
                        found.putIfAbsent(Integer.parseInt(m.group(1)), path);
                    }
                }
            }
        }
        return found;
    }

    private static List<String> list(TargetRoot root, String dir) {
        try {
            return root.list(dir);
        } catch (TargetPathException e) {
            return List.of(); // a symlink loop or an unreadable directory holds no evidence
        }
    }

    private static String canonical(TargetRoot root, String dir) {
        try {
            return root.canonical(dir);
        } catch (TargetPathException e) {
            return dir;
        }
    }
}
