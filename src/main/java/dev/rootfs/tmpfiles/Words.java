package dev.rootfs.tmpfiles;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a tmpfiles line into its first six whitespace-separated fields and the rest (systemd's
 * {@code extract_many_words} with quote removal). Quotes may start anywhere in a field; a backslash makes the
 * next character literal, or, where the target decodes C escapes in fields, starts a C escape. sysusers.d lines
 * follow the same rule without C escapes.
 */
public final class Words {
    static final String WHITESPACE = " \t\n\r";

    /** Thrown for an unterminated quote, a trailing backslash or (with escapes) an invalid escape. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super("malformed", null, false, false);
        }
    }

    /** The fields found (at most {@code max}) and the rest of the line after them (null when none). */
    public record Split(List<String> fields, String rest) {
    }

    private Words() {
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    public static Split split(String line, int max, boolean cEscapes) throws Malformed {
        List<String> fields = new ArrayList<>();
        int p = 0;
        int n = line.length();
        while (fields.size() < max) {
            while (p < n && isSpace(line.charAt(p))) {
                p++;
            }
            if (p >= n) {
                return new Split(fields, null);
            }
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            char quote = 0;
            while (p < n) {
                char c = line.charAt(p);
                if (c == '\\') {
                    if (p + 1 >= n) {
                        throw new Malformed();
                    }
                    if (cEscapes) {
                        CEscape.One o = CEscape.one(line, p + 1);
                        if (o == null) {
                            throw new Malformed();
                        }
                        word.writeBytes(o.bytes());
                        p += 1 + o.length();
                    } else {
                        int cp = line.codePointAt(p + 1);
                        word.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                        p += 1 + Character.charCount(cp);
                    }
                    continue;
                }
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        appendChar(word, line, p);
                        if (Character.isHighSurrogate(c)) {
                            p++;
                        }
                    }
                    p++;
                    continue;
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                    p++;
                    continue;
                }
                if (isSpace(c)) {
                    break;
                }
                appendChar(word, line, p);
                if (Character.isHighSurrogate(c)) {
                    p++;
                }
                p++;
            }
            if (quote != 0) {
                throw new Malformed();
            }
            fields.add(new String(word.toByteArray(), StandardCharsets.UTF_8));
        }
        while (p < n && isSpace(line.charAt(p))) {
            p++;
        }
        return new Split(fields, p >= n ? null : line.substring(p));
    }

    private static void appendChar(ByteArrayOutputStream out, String s, int i) {
        int cp = s.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
    }
}
