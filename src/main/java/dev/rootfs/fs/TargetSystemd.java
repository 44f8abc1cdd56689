package dev.rootfs.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systemd version of the target, so that generated files use only what it supports. Detected from the
 * name of systemd's private shared library ({@code libsystemd-shared-252.so} on Debian,
 * {@code libsystemd-shared-255.4-1.fc40.so} on Fedora), or set by the user.
 *
 * @param version major version, e.g. 252
 * @param source  where it came from: the library's target path, or "configured"
 */
public record TargetSystemd(int version, String source) {
    /** systemd 256 creates an overlay mount's upperdir= and workdir= itself. */
    public static final int CREATES_OVERLAY_DIRS = 256;

    private static final Pattern LIB = Pattern.compile("libsystemd-shared-(\\d+)(?:[.\\-][^/]*)?\\.so(?:\\.[0-9.]+)?");
    private static final List<String> DIRS = List.of("/usr/lib/systemd", "/lib/systemd", "/usr/lib64/systemd",
            "/lib64/systemd");
    private static final List<String> MULTIARCH_PARENTS = List.of("/usr/lib", "/lib");

    public boolean atLeast(int v) {
        return version >= v;
    }

    /**
     * The configured version when given, else the detected one.
     *
     * @throws TargetPathException      when the root cannot be read
     * @throws IllegalArgumentException when nothing is configured and the target has no (or several different)
     *                                  systemd libraries
     */
    public static TargetSystemd detect(TargetRoot root, Integer configured) throws TargetPathException {
        if (configured != null) {
            if (configured < 200 || configured > 999) {
                throw new IllegalArgumentException("systemdVersion " + configured + " is not a systemd version");
            }
            return new TargetSystemd(configured, "configured");
        }
        TreeSet<String> seen = new TreeSet<>();
        TreeSet<Integer> versions = new TreeSet<>();
        for (String dir : candidates(root)) {
            for (String name : root.list(dir)) {
                Matcher m = LIB.matcher(name);
                if (m.matches()) {
                    String path = root.canonical(dir) + "/" + name;
                    if (seen.add(path)) {
                        versions.add(Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("cannot tell the target's systemd version: no libsystemd-shared-*.so"
                    + " under " + String.join(", ", DIRS) + " or /usr/lib/<arch>/systemd; set systemdVersion"
                    + " (rootfs.systemdVersion)");
        }
        if (versions.size() > 1) {
            throw new IllegalArgumentException("the target holds several systemd versions " + versions + " ("
                    + String.join(", ", seen) + "); set systemdVersion (rootfs.systemdVersion)");
        }
        return new TargetSystemd(versions.first(), seen.first());
    }

    private static List<String> candidates(TargetRoot root) throws TargetPathException {
        List<String> dirs = new ArrayList<>(DIRS);
        for (String parent : MULTIARCH_PARENTS) {
            for (String name : root.list(parent)) {
                if (name.contains("-linux-")) {
                    dirs.add(parent + "/" + name + "/systemd");
                }
            }
        }
        return dirs;
    }
}
