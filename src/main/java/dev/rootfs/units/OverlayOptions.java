package dev.rootfs.units;

import dev.rootfs.report.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The overlayfs mount options: safe defaults per storage type, user overrides checked against what the
 * kernel accepts, and the escaping of layer paths.
 *
 * <p>Defaults: a tmpfs upper starts empty every boot, so {@code redirect_dir=on} (directory renames work)
 * is safe. A persistent upper outlives image updates, and the kernel only allows offline changes of the
 * lower when index, redirect_dir, metacopy and xino were never used; {@code index=on} in particular makes
 * the mount fail with ESTALE after an A/B update.
 */
public final class OverlayOptions {
    /** Keys and the values overlayfs accepts; a null set is a flag without value. */
    private static final Map<String, Set<String>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("redirect_dir", Set.of("on", "off", "follow", "nofollow"));
        KNOWN.put("index", Set.of("on", "off"));
        KNOWN.put("xino", Set.of("on", "off", "auto"));
        KNOWN.put("metacopy", Set.of("on", "off"));
        KNOWN.put("nfs_export", Set.of("on", "off"));
        KNOWN.put("uuid", Set.of("on", "off", "null", "auto"));
        KNOWN.put("verity", Set.of("on", "off", "require"));
        KNOWN.put("volatile", null);
        KNOWN.put("userxattr", null);
    }

    private static final Set<String> LAYERS = Set.of("lowerdir", "upperdir", "workdir", "datadir", "lowerdir+");
    /** Features whose use forbids changing the lower while the upper is kept. */
    private static final List<String> LOWER_BOUND = List.of("index", "redirect_dir", "metacopy", "xino");

    private final Map<String, String> options;

    private OverlayOptions(Map<String, String> options) {
        this.options = options;
    }

    public static Map<String, String> defaults(boolean persistent) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("redirect_dir", persistent ? "off" : "on");
        m.put("index", "off");
        m.put("xino", persistent ? "off" : "auto");
        m.put("metacopy", "off");
        return m;
    }

    /**
     * Lays {@code overrides} ("key=value" or a flag) over the defaults, reporting every option overlayfs
     * would reject and every combination that breaks a kept upper after an image update.
     */
    public static OverlayOptions of(List<String> overrides, boolean persistent, boolean perVersion,
            List<Problem> problems) {
        Map<String, String> m = defaults(persistent);
        for (String raw : overrides) {
            String o = raw.trim();
            if (o.isEmpty()) {
                continue;
            }
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            String value = eq < 0 ? null : o.substring(eq + 1);
            if (LAYERS.contains(key)) {
                problems.add(Problem.error("overlayOptions", "'" + o + "': the layer directories are set by the"
                        + " goal (lower, upper and work under /run/rootfs-overlay), not by options"));
            } else if (!KNOWN.containsKey(key)) {
                problems.add(Problem.error("overlayOptions", "'" + o + "': overlayfs has no option '" + key
                        + "' (known: " + String.join(", ", KNOWN.keySet()) + ")"));
            } else if (KNOWN.get(key) == null && value != null) {
                problems.add(Problem.error("overlayOptions", "'" + o + "': '" + key + "' takes no value"));
            } else if (KNOWN.get(key) != null && (value == null || !KNOWN.get(key).contains(value))) {
                problems.add(Problem.error("overlayOptions", "'" + o + "': overlayfs accepts " + key + "="
                        + String.join("|", KNOWN.get(key).stream().sorted().toList())));
            } else {
                m.put(key, value);
            }
        }
        conflicts(m, problems);
        if (persistent && !perVersion) {
            for (String k : LOWER_BOUND) {
                String v = m.get(k);
                if (v != null && !v.equals("off") && !(k.equals("redirect_dir") && v.equals("nofollow"))) {
                    problems.add(Problem.warning("overlayOptions", k + "=" + v + " with a persistent upper: after"
                            + " an image update (new lower) the kernel may refuse the mount or show stale"
                            + " content; use " + k + "=off or perImageVersion"));
                }
            }
        }
        if (persistent && m.containsKey("volatile")) {
            problems.add(Problem.warning("overlayOptions", "volatile with a persistent upper: after a crash the"
                    + " kernel refuses to mount it until the work directory is cleaned"));
        }
        return new OverlayOptions(m);
    }

    /** The combinations overlayfs refuses at mount time (fs/overlayfs/params.c). */
    private static void conflicts(Map<String, String> m, List<Problem> problems) {
        boolean metacopy = "on".equals(m.get("metacopy"));
        String redirect = m.get("redirect_dir");
        if (metacopy && !"on".equals(redirect)) {
            problems.add(Problem.error("overlayOptions", "metacopy=on needs redirect_dir=on"
                    + " (overlayfs rejects metacopy=on,redirect_dir=" + redirect + ")"));
        }
        if ("on".equals(m.get("nfs_export"))) {
            if (!"on".equals(m.get("index"))) {
                problems.add(Problem.error("overlayOptions", "nfs_export=on needs index=on"));
            }
            if (metacopy) {
                problems.add(Problem.error("overlayOptions", "nfs_export=on conflicts with metacopy=on"));
            }
        }
        String verity = m.get("verity");
        if (verity != null && !verity.equals("off") && !metacopy) {
            problems.add(Problem.error("overlayOptions", "verity=" + verity + " needs metacopy=on"));
        }
        if (m.containsKey("userxattr") && (metacopy || "on".equals(redirect) || "follow".equals(redirect))) {
            problems.add(Problem.error("overlayOptions", "userxattr conflicts with metacopy=on and"
                    + " redirect_dir=on|follow (set redirect_dir=nofollow)"));
        }
    }

    public Map<String, String> asMap() {
        return Map.copyOf(options);
    }

    /** The full option string for a mount of {@code lower}, {@code upper} and {@code work}. */
    public String render(String lower, String upper, String work) {
        StringBuilder sb = new StringBuilder();
        sb.append("lowerdir=").append(escapeLayer(lower));
        sb.append(",upperdir=").append(escapeLayer(upper));
        sb.append(",workdir=").append(escapeLayer(work));
        options.forEach((k, v) -> sb.append(',').append(k).append(v == null ? "" : "=" + v));
        return sb.toString();
    }

    /** overlayfs splits lowerdir at ":" and unescapes "\" in every layer path. */
    static String escapeLayer(String path) {
        return path.replace("\\", "\\\\").replace(":", "\\:");
    }
}
