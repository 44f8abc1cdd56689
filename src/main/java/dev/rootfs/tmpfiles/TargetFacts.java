package dev.rootfs.tmpfiles;

import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** What the target says about itself for specifiers: its machine id and os-release fields. */
public final class TargetFacts {
    public final Map<Character, String> values = new HashMap<>();
    public final Map<Character, String> missing = new HashMap<>();

    public static TargetFacts read(TargetRoot root) throws TargetPathException {
        TargetFacts f = new TargetFacts();
        byte[] mid = root.readIfExists("/etc/machine-id");
        String id = mid == null ? null : new String(mid, StandardCharsets.UTF_8).trim();
        if (id == null) {
            f.missing.put('m', "needs /etc/machine-id, which the target lacks");
        } else if (!id.matches("[0-9a-fA-F]{32}")) {
            f.missing.put('m', "needs a machine id, but the target's /etc/machine-id holds '"
                    + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'");
        } else {
            f.values.put('m', id.toLowerCase(java.util.Locale.ROOT));
        }
        byte[] osr = root.readIfExists("/etc/os-release");
        if (osr == null) {
            osr = root.readIfExists("/usr/lib/os-release");
        }
        String[][] fields = {{"B", "BUILD_ID"}, {"o", "ID"}, {"w", "VERSION_ID"}, {"W", "VARIANT_ID"},
                {"A", "IMAGE_VERSION"}, {"M", "IMAGE_ID"}};
        if (osr == null) {
            for (String[] fld : fields) {
                f.missing.put(fld[0].charAt(0), "needs os-release, which the target lacks");
            }
        } else {
            Map<String, String> env = parseEnv(new String(osr, StandardCharsets.UTF_8));
            for (String[] fld : fields) {
                f.values.put(fld[0].charAt(0), env.getOrDefault(fld[1], ""));
            }
        }
        return f;
    }

    /** os-release syntax: KEY=value, values optionally quoted with shell-like escapes, # comments. */
    static Map<String, String> parseEnv(String text) {
        Map<String, String> out = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String v = line.substring(eq + 1).strip();
            StringBuilder sb = new StringBuilder();
            char quote = 0;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote != '\'' && i + 1 < v.length()) {
                    sb.append(v.charAt(++i));
                } else {
                    sb.append(c);
                }
            }
            out.put(key, sb.toString());
        }
        return out;
    }
}
