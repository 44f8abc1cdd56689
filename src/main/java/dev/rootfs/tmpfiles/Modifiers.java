package dev.rootfs.tmpfiles;

/** The modifier characters after the type letter (§3); each may appear once, in any order. */
public record Modifiers(boolean boot, boolean plus, boolean allowFailure, boolean replace, boolean base64,
        boolean credential, boolean purge, boolean ifTargetExists) {

    static final Modifiers NONE = new Modifiers(false, false, false, false, false, false, false, false);

    /** Parses {@code s} (the type field without its first letter); null when a character is unknown or repeated. */
    static Modifiers parse(String s, int version) {
        boolean[] f = new boolean[8];
        for (char c : s.toCharArray()) {
            int k = switch (c) {
                case '!' -> 0;
                case '+' -> 1;
                case '-' -> 2;
                case '=' -> 3;
                case '~' -> 4;
                case '^' -> 5;
                case '$' -> Feature.PURGE_MODIFIER.in(version) ? 6 : -1;
                case '?' -> Feature.SYMLINK_IF_TARGET_EXISTS.in(version) ? 7 : -1;
                default -> -1;
            };
            if (k < 0 || f[k]) {
                return null;
            }
            f[k] = true;
        }
        return new Modifiers(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
    }
}
