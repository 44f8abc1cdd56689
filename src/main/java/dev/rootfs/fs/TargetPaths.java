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
     * ("/a", "/a/b", "/a-b"). Names compare by their UTF-8 bytes, independent of the JVM locale.
     */
    public static int compare(String a, String b) {
        // '/' ends a component, so it sorts below every character; otherwise code point order
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) {
                continue;
            }
            if (x == '/') {
                return -1;
            }
            if (y == '/') {
                return 1;
            }
            if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                return Integer.compare(a.codePointAt(i), b.codePointAt(i));
            }
            return Integer.compare(x, y);
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Compares two file names by unsigned UTF-8 byte order (which equals code point order). */
    public static int compareNames(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}
