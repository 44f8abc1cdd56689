package dev.rootfs.fs;

import java.util.ArrayList;
import java.util.List;

/** Lexical helpers for absolute target paths ("/var/log"); no file system access. */
public final class TargetPaths {
    private TargetPaths() {
    }

    /** Splits into components, dropping empty and "." ones; ".." is kept for the resolver to clamp. */
    public static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    /** Lexically normalises: absolute, no "." or "..", no trailing slash; ".." is clamped at "/". */
    public static String normalize(String path) {
        List<String> out = new ArrayList<>();
        for (String c : components(path)) {
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                out.add(c);
            }
        }
        return join(out);
    }

    public static String join(List<String> names) {
        if (names.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append('/').append(n);
        }
        return sb.toString();
    }

    public static String parent(String normalized) {
        int i = normalized.lastIndexOf('/');
        return i <= 0 ? "/" : normalized.substring(0, i);
    }

    public static String name(String normalized) {
        return normalized.substring(normalized.lastIndexOf('/') + 1);
    }

    public static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    /** True when {@code path} equals {@code prefix} or lies below it (both normalised). */
    public static boolean isUnder(String path, String prefix) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Re-bases {@code path} (under {@code from}) onto {@code to}. */
    public static String rebase(String path, String from, String to) {
        if (path.equals(from)) {
            return to;
        }
        String rest = from.equals("/") ? path : path.substring(from.length());
        return to.equals("/") ? rest : to + rest;
    }

    /**
     * Orders paths component by component, so that a directory is followed directly by its subtree
     * ("/a", "/a/b", "/a-b"). Names compare by code point, which is their UTF-8 byte order, independent of the
     * JVM locale. Comparing component by component is comparing the strings with '/' below every other
     * character, which needs no splitting.
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Integer.compare(x == '/' ? -1 : codePointOrder(x), y == '/' ? -1 : codePointOrder(y));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Compares two file names by code point (= unsigned UTF-8 byte order). */
    public static int compareNames(String x, String y) {
        int n = Math.min(x.length(), y.length());
        for (int i = 0; i < n; i++) {
            char a = x.charAt(i);
            char b = y.charAt(i);
            if (a != b) {
                return Integer.compare(codePointOrder(a), codePointOrder(b));
            }
        }
        return Integer.compare(x.length(), y.length());
    }

    /** Maps UTF-16 units so that their order is code point order: surrogates (U+10000 and up) sort last. */
    private static int codePointOrder(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c < 0xE000 ? c + 0x2000 : c - 0x800;
    }
}
