package dev.rootfs.stage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Path globs for includes, excludes and permission rules, matched against target paths: {@code *} and {@code ?}
 * stay within one name, {@code **} crosses slashes, and {@code dir/**} also matches {@code dir} itself. A leading
 * {@code /} or {@code ./} is optional on both sides.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    public static Glob of(String glob) {
        String g = strip(glob.strip());
        StringBuilder re = new StringBuilder();
        String slash = Pattern.quote("/");
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
                    i++;
                    re.append("(?:.*/)?"); // "**/" matches no directory too
                } else if (i >= 2 && g.charAt(i - 2) == '/') {
                    re.setLength(re.length() - slash.length());
                    re.append("(?:/.*)?"); // "dir/**" matches dir itself
                } else {
                    re.append(".*");
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    private static String strip(String p) {
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    /** True when the target path (absolute, as "/usr/bin/x") matches. */
    public boolean matches(String targetPath) {
        return pattern.matcher(strip(targetPath)).matches();
    }

    public static boolean any(List<Glob> globs, String targetPath) {
        for (Glob g : globs) {
            if (g.matches(targetPath)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
