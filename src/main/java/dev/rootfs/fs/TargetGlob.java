package dev.rootfs.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * glob(3) with {@code GLOB_BRACE}, evaluated inside a {@link TargetRoot}: directories are listed where the root's
 * resolution puts them (absolute symlinks re-rooted), never on the host. {@code *}, {@code ?} and {@code [...]}
 * do not match a leading dot, a backslash quotes the next character, and a pattern without wildcards matches
 * when the node exists (lstat, so a dangling symlink matches). Results come sorted, one per matched node, spelled
 * as the pattern spelled its literal parts.
 */
public final class TargetGlob {
    private TargetGlob() {
    }

    public static boolean hasWildcards(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    static List<String> glob(TargetRoot root, String pattern) throws TargetPathException {
        Set<String> out = new LinkedHashSet<>();
        for (String p : expandBraces(pattern)) {
            List<String> matches = new ArrayList<>();
            expand(root, "", TargetPaths.components(p), 0, matches);
            matches.sort(TargetPaths::compare);
            out.addAll(matches);
        }
        return new ArrayList<>(out);
    }

    private static void expand(TargetRoot root, String prefix, List<String> comps, int i, List<String> out)
            throws TargetPathException {
        String path = prefix.isEmpty() ? "/" : prefix;
        if (i == comps.size()) {
            if (root.stat(path) != null) {
                out.add(path);
            }
            return;
        }
        String comp = comps.get(i);
        boolean last = i == comps.size() - 1;
        if (!hasWildcards(comp)) {
            String next = prefix + "/" + unescape(comp);
            if (last) {
                if (root.stat(next) != null) {
                    out.add(next);
                }
            } else {
                FileInfo info = root.statFollow(next);
                if (info != null && info.type() == FileType.DIR) {
                    expand(root, next, comps, i + 1, out);
                }
            }
            return;
        }
        FileInfo dir = root.statFollow(path);
        if (dir == null || dir.type() != FileType.DIR) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve(path))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            return; // glob(3) skips unreadable directories too
        }
        names.sort(TargetPaths::compareNames);
        for (String name : names) {
            if (!matches(comp, name)) {
                continue;
            }
            String next = prefix + "/" + name;
            if (last) {
                out.add(next);
            } else if (Files.isDirectory(root.resolve(next))) {
                expand(root, next, comps, i + 1, out);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** True when a whole path matches the pattern component by component (braces expanded), no file access. */
    public static boolean matchesPath(String pattern, String path) {
        List<String> pc = TargetPaths.components(path);
        for (String p : expandBraces(pattern)) {
            List<String> gc = TargetPaths.components(p);
            if (gc.size() != pc.size()) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < gc.size() && all; i++) {
                all = hasWildcards(gc.get(i)) ? matches(gc.get(i), pc.get(i)) : unescape(gc.get(i)).equals(pc.get(i));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** fnmatch(3) with FNM_PERIOD for one path component. */
    public static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !pattern.startsWith(".") && !pattern.startsWith("\\.")) {
            return false;
        }
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi < p.length() && p.charAt(pi) == '*') {
                        pi++;
                    }
                    if (pi == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    int end = classEnd(p, pi);
                    if (end < 0) {
                        if (si >= s.length() || s.charAt(si) != '[') {
                            return false;
                        }
                        pi++;
                        si++;
                    } else {
                        if (si >= s.length() || !inClass(p, pi + 1, end, s.charAt(si))) {
                            return false;
                        }
                        pi = end + 1;
                        si++;
                    }
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length()) {
                        c = p.charAt(++pi);
                    }
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    /** Index of the ']' closing the class opened at {@code open}, or -1. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean inClass(String p, int from, int end, char ch) {
        boolean negate = from < end && (p.charAt(from) == '!' || p.charAt(from) == '^');
        int i = negate ? from + 1 : from;
        boolean found = false;
        boolean first = true;
        while (i < end) {
            char lo = p.charAt(i);
            if (lo == '\\' && i + 1 < end) {
                lo = p.charAt(++i);
            } else if (lo == ']' && !first) {
                break;
            }
            first = false;
            i++;
            if (i + 1 < end && p.charAt(i) == '-') {
                char hi = p.charAt(i + 1);
                if (hi == '\\' && i + 2 < end) {
                    hi = p.charAt(i + 2);
                    i++;
                }
                i += 2;
                if (lo <= ch && ch <= hi) {
                    found = true;
                }
            } else if (lo == ch) {
                found = true;
            }
        }
        return found != negate;
    }

    /** GLOB_BRACE: "{a,b}c" gives "ac" and "bc", nested braces too; an unbalanced brace stays literal. */
    public static List<String> expandBraces(String s) {
        int open = -1;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                if (depth++ == 0) {
                    open = i;
                }
            } else if (c == '}' && depth > 0) {
                if (--depth == 0) {
                    List<String> alts = splitAlternatives(s.substring(open + 1, i));
                    List<String> out = new ArrayList<>();
                    for (String alt : alts) {
                        out.addAll(expandBraces(s.substring(0, open) + alt + s.substring(i + 1)));
                    }
                    return out;
                }
            }
        }
        return List.of(s);
    }

    private static List<String> splitAlternatives(String body) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(body.substring(start, i));
                start = i + 1;
            }
        }
        out.add(body.substring(start));
        return out;
    }

    static boolean isDir(Path host) {
        return Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
    }
}
