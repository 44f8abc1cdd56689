package dev.rootfs.fs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one escaping rule of mtree(5) words as libarchive reads them: a byte that is not a printable ASCII
 * character, or is one of {@code # = \}, becomes a backslash and three octal digits. Names are UTF-8.
 */
public final class MtreeEscaping {
    private MtreeEscaping() {
    }

    public static String escape(String s) {
        if (isPlain(s)) {
            return s; // the common case: listings escape every path, so skip the byte copy
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (needsEscape(c)) {
                sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (needsEscape(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(int c) {
        return c <= 0x20 || c >= 0x7f || c == '#' || c == '=' || c == '\\';
    }

    /**
     * Reverses {@link #escape}; also accepts the letter escapes libarchive reads ({@code \s \t \n \r \a \b \f
     * \v \\}).
     *
     * @throws IllegalArgumentException for a dangling or unknown escape
     */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (i + 1 >= bytes.length) {
                throw new IllegalArgumentException("dangling backslash in '" + s + "'");
            }
            char n = (char) bytes[++i];
            if (n >= '0' && n <= '3' && i + 2 < bytes.length && isOctal(bytes[i + 1]) && isOctal(bytes[i + 2])) {
                out.write(((n - '0') << 6) | ((bytes[i + 1] - '0') << 3) | (bytes[i + 2] - '0'));
                i += 2;
                continue;
            }
            int v = switch (n) {
                case 's' -> ' ';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'a' -> 7;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'v' -> 11;
                case '\\' -> '\\';
                default -> throw new IllegalArgumentException("unknown escape \\" + n + " in '" + s + "'");
            };
            out.write(v);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }

    /** "/" becomes ".", "/var/log" becomes "./var/log", escaped. */
    public static String mtreePath(String targetPath) {
        return targetPath.equals("/") ? "." : "." + escape(targetPath);
    }
}
