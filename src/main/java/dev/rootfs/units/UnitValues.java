package dev.rootfs.units;

import java.util.List;

/**
 * How a literal string is written into a unit file so that systemd reads back the same string: "%" starts a
 * specifier everywhere; command lines also C-unescape, split at whitespace, honour quotes and expand "$".
 */
public final class UnitValues {
    private UnitValues() {
    }

    /** A value of a key that expands specifiers but is otherwise literal (Where=, What=, Options=, paths). */
    public static String literal(String s) {
        return s.replace("%", "%%");
    }

    /** A command line for {@code ExecStart=}; the first word is the absolute program path. */
    public static String command(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(argument(a));
        }
        return sb.toString();
    }

    /** One command-line word: C escapes for "\" and quotes, "%%" and "$$", quoted when it has spaces. */
    static String argument(String a) {
        StringBuilder sb = new StringBuilder();
        boolean quote = a.isEmpty() || a.equals(";");
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\'' -> sb.append("\\'");
                case '%' -> sb.append("%%");
                case '$' -> sb.append("$$");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == ' ') {
                        quote = true;
                    }
                    sb.append(c);
                }
            }
        }
        return quote ? "\"" + sb + "\"" : sb.toString();
    }
}
