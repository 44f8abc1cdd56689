package dev.rootfs.tmpfiles;

import java.util.HashMap;
import java.util.Map;

/**
 * tmpfiles.d specifiers (§6), resolved for the target, never from the build host. Values that only the running
 * target knows (hostname, boot id, kernel, architecture, $HOME) are missing unless supplied; a line that needs a
 * missing value is skipped and reported. The directory specifiers give the plain target paths ({@code %S} is
 * {@code /var/lib}), not systemd's root-prefixed ones.
 */
public final class Specifiers {
    /** A specifier letter that needs data this build does not have. */
    public static final class Unresolvable extends Exception {
        private static final long serialVersionUID = 1L;
        private final char letter;

        Unresolvable(char letter, String why) {
            super("%" + letter + " " + why, null, false, false);
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    /** An alphanumeric specifier that this systemd version does not know: the line is invalid. */
    public static final class Unknown extends Exception {
        private static final long serialVersionUID = 1L;

        Unknown(char letter) {
            super("unknown specifier %" + letter, null, false, false);
        }
    }

    /** Letters that come from the running host in systemd; here only from {@code specifierValues}. */
    public static final String HOST_ONLY = "aHlvbqh";

    private final int version;
    private final Map<Character, String> values = new HashMap<>();
    private final Map<Character, String> missing = new HashMap<>();

    /**
     * @param version   the target's systemd version (decides whether %A %M %q exist)
     * @param target    values read from the target: 'm' machine id, 'o' 'w' 'W' 'B' 'A' 'M' os-release fields;
     *                  a letter absent here is unresolvable
     * @param whyMissing for letters read from the target but absent: the reason
     * @param supplied  values the user configured; they win over everything, host-only letters included
     */
    public Specifiers(int version, Map<Character, String> target, Map<Character, String> whyMissing,
            Map<Character, String> supplied) {
        this.version = version;
        values.put('C', "/var/cache");
        values.put('L', "/var/log");
        values.put('S', "/var/lib");
        values.put('t', "/run");
        values.put('T', "/tmp");
        values.put('V', "/var/tmp");
        values.put('g', "root");
        values.put('G', "0");
        values.put('u', "root");
        values.put('U', "0");
        values.putAll(target);
        missing.putAll(whyMissing);
        for (char c : HOST_ONLY.toCharArray()) {
            missing.put(c, "is a value of the running host, not of the target");
        }
        values.putAll(supplied);
        supplied.keySet().forEach(missing::remove);
    }

    private boolean known(char c) {
        if (c == 'A' || c == 'M' || c == 'q') {
            return Feature.IMAGE_SPECIFIERS.in(version);
        }
        return "aAbBCgGhHlLmMoqStTuUvVwW".indexOf(c) >= 0;
    }

    /** systemd's specifier_printf: {@code %%} is '%', an unknown letter or digit is an error, else literal. */
    public String expand(String s) throws Unresolvable, Unknown {
        int pct = s.indexOf('%');
        if (pct < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        sb.append(s, 0, pct);
        for (int i = pct; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= s.length()) {
                sb.append('%');
                break;
            }
            char n = s.charAt(++i);
            if (n == '%') {
                sb.append('%');
            } else if (known(n)) {
                String v = values.get(n);
                if (v == null) {
                    throw new Unresolvable(n, missing.getOrDefault(n, "has no value in this target"));
                }
                sb.append(v);
            } else if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9')) {
                throw new Unknown(n);
            } else {
                sb.append('%').append(n);
            }
        }
        return sb.toString();
    }
}
