package dev.rootfs.tmpfiles;

/**
 * How a value is written into a tmpfiles.d line so that systemd-tmpfiles reads back exactly that value.
 *
 * <p>Fields 1-6 are split at whitespace and unquoted; 252 treats a backslash as "next character literal",
 * 257 decodes C escapes, and both then expand specifiers. Quoting with {@code "..."} and escaping {@code "} and
 * {@code \} with a backslash reads the same on both; only a newline needs 257's {@code \n}. The argument (field
 * 7) is the rest of the line, C-unescaped and then specifier-expanded, with surrounding whitespace stripped.
 */
public final class TmpfilesQuoting {
    /** The first systemd version that decodes C escapes in fields 1-6. */
    public static final int FIELD_ESCAPES = 257;

    private TmpfilesQuoting() {
    }

    /**
     * A path (or other field 1-6 word) for a target of {@code systemdVersion}.
     *
     * @throws IllegalArgumentException when the value cannot be expressed for that version (a newline before 257)
     */
    public static String field(String value, int systemdVersion) {
        String v = value.replace("%", "%%");
        boolean quote = v.isEmpty() || v.equals("-");
        StringBuilder sb = new StringBuilder(v.length() + 2);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"', '\\' -> {
                    sb.append('\\').append(c);
                    quote = true;
                }
                case '\n' -> {
                    if (systemdVersion < FIELD_ESCAPES) {
                        throw new IllegalArgumentException("a newline in a name cannot be written in a tmpfiles.d"
                                + " line for systemd " + systemdVersion + " (only " + FIELD_ESCAPES
                                + "+ decodes \\n)");
                    }
                    sb.append("\\n");
                    quote = true;
                }
                default -> {
                    if (Character.isWhitespace(c) || c == '\'' || c < 0x20 || c == 0x7f) {
                        quote = true;
                    }
                    sb.append(c);
                }
            }
        }
        return quote ? "\"" + sb + "\"" : sb.toString();
    }

    /**
     * A path for a glob-expanding line type (z, Z, e, w, t, a, h, ...): glob(3) runs with GLOB_BRACE, so
     * {@code \ * ? [ ] { }} are escaped with a backslash before the field is quoted.
     */
    public static String globField(String value, int systemdVersion) {
        StringBuilder sb = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ("\\*?[]{}".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return field(sb.toString(), systemdVersion);
    }

    /** The argument field: C escapes for backslash and control characters, {@code %%}, protected ends. */
    public static String argument(String value) {
        if (value.equals("-")) {
            return "\\x2d"; // a bare "-" means "no argument"
        }
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean atEnd = i == 0 || i == value.length() - 1;
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '%') {
                sb.append("%%");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f || (atEnd && Character.isWhitespace(c))) {
                sb.append(String.format("\\x%02x", (int) c)); // the line is stripped, so edge blanks are escaped
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
