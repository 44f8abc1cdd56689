package dev.rootfs.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systemd version of the target, read from the name of its {@code libsystemd-shared-NNN.so} (every systemd
 * build since v231 installs one, named after the major version), so goals can follow what that version supports.
 *
 * @param version  major version, e.g. 252
 * @param evidence where it came from: the library's target path, or "systemdVersion"
 */
public record TargetSystemd(int version, String evidence) {
    /** Used when the target holds no systemd library and nothing was configured: the newest version we know. */
    public static final int ASSUMED = 257;

    private static final Pattern LIB = Pattern.compile("libsystemd-shared-(\\d{3})(?:[.~+-][^/]*)?\\.so(?:\\.\\d+)*");
    private static final String[] LIB_DIRS = {"/usr/lib", "/usr/lib64", "/lib", "/lib64"};

    /** The configured version when given, else the detected one, else {@link #ASSUMED} with that as evidence. */
    public static TargetSystemd resolve(TargetRoot root, Integer override) throws TargetPathException {
        if (override != null) {
            if (override < 200 || override > 999) {
                throw new IllegalArgumentException("systemdVersion must be a systemd major version like 252, not "
                        + override);
            }
            return new TargetSystemd(override, "systemdVersion");
        }
        return detect(root).orElse(new TargetSystemd(ASSUMED, "assumed (no libsystemd-shared-NNN.so in the target)"));
    }

    /** Looks in {@code <libdir>/systemd} and {@code <libdir>/<triplet>/systemd}; the highest version found wins. */
    public static Optional<TargetSystemd> detect(TargetRoot root) throws TargetPathException {
        TargetSystemd best = null;
        for (String lib : LIB_DIRS) {
            List<String> dirs = new ArrayList<>();
            dirs.add(lib + "/systemd");
            for (String sub : list(root, lib)) {
                dirs.add(lib + "/" + sub + "/systemd");
            }
            for (String dir : dirs) {
                for (String name : list(root, dir)) {
                    Matcher m = LIB.matcher(name);
                    if (m.matches()) {
                        int v = Integer.parseInt(m.group(1));
                        if (best == null || v > best.version) {
                            best = new TargetSystemd(v, dir + "/" + name);
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> list(TargetRoot root, String dir) throws TargetPathException {
        List<String> out = new ArrayList<>();
        Path host;
        try {
            host = root.resolve(dir);
        } catch (TargetPathException e) {
            return out; // a symlink loop in the target holds no evidence
        }
        if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            // an unreadable directory holds no evidence
        }
        out.sort(null);
        return out;
    }
}
