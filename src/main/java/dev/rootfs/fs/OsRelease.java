package dev.rootfs.fs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The target's os-release file ({@code /etc/os-release}, else {@code /usr/lib/os-release}), read as os-release(5)
 * describes it: {@code KEY=value} lines, {@code #} comments and blank lines ignored, a value either bare or in
 * double or single quotes. As in a shell, and as systemd reads it: inside double quotes a backslash escapes only
 * {@code " \ ` $}; inside single quotes nothing is escaped; in a bare value a backslash escapes any character.
 * A key given twice keeps its last value.
 */
public final class OsRelease {
    private static final String DOUBLE_QUOTE_ESCAPES = "\"\\`$";

    private OsRelease() {
    }

    /** The fields of the target's os-release, or empty when it has neither file. */
    public static Optional<Map<String, String>> read(TargetRoot root) throws TargetPathException {
        byte[] b = root.readIfExists("/etc/os-release");
        b = b == null ? root.readIfExists("/usr/lib/os-release") : b;
        return b == null ? Optional.empty() : Optional.of(parse(new String(b, StandardCharsets.UTF_8)));
    }

    /** The fields of an os-release text; lines that are not assignments are ignored. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                continue;
            }
            out.put(key, value(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String value(String v) {
        StringBuilder sb = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == 0 && i + 1 < v.length()) {
                sb.append(v.charAt(++i));
            } else if (c == '\\' && quote == '"' && i + 1 < v.length()
                    && DOUBLE_QUOTE_ESCAPES.indexOf(v.charAt(i + 1)) >= 0) {
                sb.append(v.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
