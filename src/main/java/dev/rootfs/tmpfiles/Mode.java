package dev.rootfs.tmpfiles;

/**
 * The mode field: octal permission bits up to 07777, with {@code ~} (mask by the node's current rwx classes)
 * and {@code :} (only when the node is created) prefixes in any order. {@code -} leaves {@code set} false and
 * the value at the type's default, which is used only when creating.
 */
public record Mode(int value, boolean set, boolean onlyCreate, boolean masked) {

    static Mode unset(int defaultValue) {
        return new Mode(defaultValue, false, false, false);
    }

    /** Parses a mode field other than "-"; null when invalid. */
    static Mode parse(String s) {
        boolean masked = false;
        boolean onlyCreate = false;
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '~') {
                masked = true;
            } else if (c == ':') {
                onlyCreate = true;
            } else {
                break;
            }
        }
        String digits = s.substring(i);
        if (digits.isEmpty() || digits.length() > 12) {
            return null;
        }
        long v = 0;
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c < '0' || c > '7') {
                return null;
            }
            v = v * 8 + (c - '0');
        }
        if (v > 07777) {
            return null;
        }
        return new Mode((int) v, true, onlyCreate, masked);
    }

    /** The mode to apply to a node whose current mode and type are given ({@code ~} semantics). */
    int applyTo(int current, boolean isDir) {
        int m = value;
        if (masked) {
            if ((current & 0111) == 0) {
                m &= ~0111;
            }
            if ((current & 0222) == 0) {
                m &= ~0222;
            }
            if ((current & 0444) == 0) {
                m &= ~0444;
            }
            if (!isDir) {
                m &= ~07000;
            }
        }
        return m;
    }
}
