package dev.rootfs.tmpfiles;

import java.io.ByteArrayOutputStream;

/**
 * systemd's C unescaping ({@code cunescape}): {@code \a \b \f \n \r \t \v \\ \" \' \s}, {@code \xHH}, three-digit
 * octal, {@code \}{@code uXXXX} and {@code \UXXXXXXXX}. {@code \x} and octal give raw bytes, the Unicode forms
 * UTF-8. NUL is refused, as is any other escape and a trailing backslash.
 */
public final class CEscape {
    private CEscape() {
    }

    /** Thrown for an escape systemd refuses. */
    public static final class BadEscape extends Exception {
        private static final long serialVersionUID = 1L;

        BadEscape() {
            super("invalid escape", null, false, false);
        }
    }

    /** One decoded escape: the bytes it stands for and how many characters after the backslash it used. */
    record One(byte[] bytes, int length) {
    }

    /** Decodes the escape whose letter is at {@code s[i]} (just after the backslash); null when invalid. */
    static One one(String s, int i) {
        if (i >= s.length()) {
            return null;
        }
        char c = s.charAt(i);
        switch (c) {
            case 'a': return simple(7);
            case 'b': return simple(8);
            case 'f': return simple(12);
            case 'n': return simple(10);
            case 'r': return simple(13);
            case 't': return simple(9);
            case 'v': return simple(11);
            case '\\': return simple('\\');
            case '"': return simple('"');
            case '\'': return simple('\'');
            case 's': return simple(' ');
            case 'x': {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int a = hex(s.charAt(i + 1));
                int b = hex(s.charAt(i + 2));
                if (a < 0 || b < 0 || (a == 0 && b == 0)) {
                    return null;
                }
                return new One(new byte[] {(byte) (a << 4 | b)}, 3);
            }
            case 'u':
            case 'U': {
                int n = c == 'u' ? 4 : 8;
                if (i + n >= s.length()) {
                    return null;
                }
                long v = 0;
                for (int k = 1; k <= n; k++) {
                    int h = hex(s.charAt(i + k));
                    if (h < 0) {
                        return null;
                    }
                    v = v << 4 | h;
                }
                if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                    return null;
                }
                return new One(new String(Character.toChars((int) v)).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        n + 1);
            }
            default: {
                if (c < '0' || c > '7') {
                    return null;
                }
                if (i + 2 >= s.length()) {
                    return null;
                }
                int a = c - '0';
                int b = oct(s.charAt(i + 1));
                int d = oct(s.charAt(i + 2));
                if (b < 0 || d < 0) {
                    return null;
                }
                int m = a << 6 | b << 3 | d;
                if (m == 0 || m > 255) {
                    return null;
                }
                return new One(new byte[] {(byte) m}, 3);
            }
        }
    }

    private static One simple(int b) {
        return new One(new byte[] {(byte) b}, 1);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int oct(char c) {
        return c >= '0' && c <= '7' ? c - '0' : -1;
    }

    /** Unescapes a whole string into bytes. */
    public static byte[] unescape(String s) throws BadEscape {
        if (s.indexOf('\\') < 0) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int bs = s.indexOf('\\', i);
            if (bs < 0) {
                out.writeBytes(s.substring(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                break;
            }
            out.writeBytes(s.substring(i, bs).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            One o = one(s, bs + 1);
            if (o == null) {
                throw new BadEscape();
            }
            out.writeBytes(o.bytes());
            i = bs + 1 + o.length();
        }
        return out.toByteArray();
    }
}
