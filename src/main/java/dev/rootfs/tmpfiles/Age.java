package dev.rootfs.tmpfiles;

/**
 * The age field ({@code parse_sec} with the {@code ~} keep-first-level prefix and the {@code age-by:} selector).
 * Creation never uses it, but an invalid age makes the line invalid and the value takes part in duplicate
 * detection.
 */
public record Age(boolean set, long micros, boolean keepFirstLevel, int byFile, int byDir) {
    static final long INFINITY = Long.MAX_VALUE;
    // atime, btime, ctime, mtime bits, as systemd's AGE_BY_*
    private static final String LETTERS = "abcm";
    static final int DEFAULT_BY = 1 | 2 | 8;
    static final Age UNSET = new Age(false, 0, false, DEFAULT_BY, DEFAULT_BY);

    /** Parses an age field other than "-"; null when invalid. */
    static Age parse(String s) {
        String a = s;
        boolean keep = false;
        if (a.startsWith("~")) {
            keep = true;
            a = a.substring(1);
        }
        int byFile = DEFAULT_BY;
        int byDir = DEFAULT_BY;
        int colon = a.indexOf(':');
        if (colon >= 0) {
            String by = a.substring(0, colon);
            a = a.substring(colon + 1);
            byFile = 0;
            byDir = 0;
            boolean any = false;
            for (char c : by.toCharArray()) {
                if (Words.isSpace(c)) {
                    continue;
                }
                int lower = LETTERS.indexOf(c);
                int upper = LETTERS.toUpperCase(java.util.Locale.ROOT).indexOf(c);
                if (lower >= 0) {
                    byFile |= 1 << lower;
                } else if (upper >= 0) {
                    byDir |= 1 << upper;
                } else {
                    return null;
                }
                any = true;
            }
            if (!any) {
                return null;
            }
        }
        Long us = parseSec(a);
        return us == null ? null : new Age(true, us, keep, byFile, byDir);
    }

    private static final String[][] UNITS = {
        {"seconds", "1000000"}, {"second", "1000000"}, {"sec", "1000000"}, {"s", "1000000"},
        {"minutes", "60000000"}, {"minute", "60000000"}, {"min", "60000000"}, {"months", "2629800000000"},
        {"month", "2629800000000"}, {"M", "2629800000000"}, {"msec", "1000"}, {"ms", "1000"}, {"m", "60000000"},
        {"hours", "3600000000"}, {"hour", "3600000000"}, {"hr", "3600000000"}, {"h", "3600000000"},
        {"days", "86400000000"}, {"day", "86400000000"}, {"d", "86400000000"}, {"weeks", "604800000000"},
        {"week", "604800000000"}, {"w", "604800000000"}, {"years", "31557600000000"}, {"year", "31557600000000"},
        {"y", "31557600000000"}, {"usec", "1"}, {"us", "1"}, {"\u00b5s", "1"}, {"\u03bcs", "1"},
    };

    /** systemd's parse_sec: a sum of number+unit parts (no unit: seconds), or "infinity". */
    static Long parseSec(String t) {
        String s = t.strip();
        if (s.equals("infinity")) {
            return INFINITY;
        }
        int i = 0;
        long total = 0;
        boolean something = false;
        while (true) {
            while (i < s.length() && Words.isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            String whole = s.substring(start, i);
            String frac = "";
            if (i < s.length() && s.charAt(i) == '.') {
                int f = ++i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                frac = s.substring(f, i);
            }
            if (whole.isEmpty() && frac.isEmpty()) {
                return null;
            }
            while (i < s.length() && Words.isSpace(s.charAt(i))) {
                i++;
            }
            long mult = 1_000_000L;
            for (String[] u : UNITS) {
                if (s.startsWith(u[0], i)) {
                    int end = i + u[0].length();
                    // a unit ends at a digit, a space or the end, so "5mins" is not "5m" + "ins"
                    if (end == s.length() || Words.isSpace(s.charAt(end)) || Character.isDigit(s.charAt(end))) {
                        mult = Long.parseLong(u[1]);
                        i = end;
                        break;
                    }
                }
            }
            if (i < s.length() && !Words.isSpace(s.charAt(i)) && !Character.isDigit(s.charAt(i))) {
                return null;
            }
            try {
                long w = whole.isEmpty() ? 0 : Long.parseLong(whole);
                long part = Math.multiplyExact(w, mult);
                if (!frac.isEmpty()) {
                    double fv = Double.parseDouble("0." + frac);
                    part = Math.addExact(part, (long) (fv * mult));
                }
                total = Math.addExact(total, part);
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
            something = true;
        }
        return something ? total : null;
    }
}
