package dev.rootfs.units;

import dev.rootfs.fs.TargetPaths;
import dev.rootfs.report.Problem;
import java.util.ArrayList;
import java.util.List;

/** The rules for the paths an overlay may be mounted on, checked before anything is written. */
public final class OverlayPaths {
    /** Mounted by systemd or the kernel before local-fs-pre.target, or read by PID 1 before any mount. */
    private static final List<String> FORBIDDEN_TREES = List.of("/etc", "/run", "/proc", "/sys", "/dev", "/tmp");
    /** The longest unit name systemd accepts. */
    static final int UNIT_NAME_MAX = 255;

    private OverlayPaths() {
    }

    /** Normalised paths in configuration order; problems for each bad one and for every overlapping pair. */
    public static List<String> check(List<String> configured, List<Problem> problems) {
        List<String> out = new ArrayList<>();
        if (configured == null || configured.isEmpty()) {
            problems.add(Problem.error("overlayPaths", "no path configured"));
            return out;
        }
        for (String raw : configured) {
            String p = raw == null ? "" : raw.trim();
            String why = reject(p);
            if (why != null) {
                problems.add(Problem.error("overlayPaths", "'" + raw + "' " + why));
                continue;
            }
            String n = TargetPaths.normalize(p);
            for (String other : out) {
                if (other.equals(n)) {
                    problems.add(Problem.error("overlayPaths", n + " is configured twice"));
                } else if (TargetPaths.isUnder(n, other) || TargetPaths.isUnder(other, n)) {
                    problems.add(Problem.error("overlayPaths", other + " and " + n + " overlap: an overlay cannot"
                            + " contain another one's lower (configure only the outer path)"));
                }
            }
            out.add(n);
        }
        return out;
    }

    private static String reject(String p) {
        if (p.isEmpty()) {
            return "is empty";
        }
        if (!p.startsWith("/")) {
            return "is relative; give an absolute path such as /" + p;
        }
        for (String c : p.split("/")) {
            if (c.equals(".") || c.equals("..")) {
                return "has a '" + c + "' component; give the normalised path";
            }
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "has a control character";
            }
            if (c == ',') {
                return "has a ',', which mount(8) takes as an option separator inside overlay options";
            }
        }
        String n = TargetPaths.normalize(p);
        if (n.equals("/")) {
            return "is the root; the image's root cannot be its own overlay's lower";
        }
        if (n.equals("/usr")) {
            return "is /usr, which must be mounted before systemd starts (in the initrd)";
        }
        for (String f : FORBIDDEN_TREES) {
            if (TargetPaths.isUnder(n, f)) {
                return "lies under " + f + ", which systemd needs or mounts before local-fs-pre.target";
            }
        }
        // the longest name generated for a path is its fallback service
        if (("rootfs-overlay-" + SystemdEscape.escapePath(n) + "-fallback.service").length() > UNIT_NAME_MAX) {
            return "is too long: its unit names would exceed " + UNIT_NAME_MAX + " characters";
        }
        return null;
    }
}
