package dev.rootfs.units;

import java.nio.charset.StandardCharsets;

/**
 * systemd's unit-name escaping of a file system path, byte for byte as {@code systemd-escape --path} (and
 * PID 1 when it names {@code var-lib.mount}) does it: the path is simplified (duplicate slashes, "."
 * components and the trailing slash dropped), "/" becomes "-", the leading and inner slashes become "-",
 * and every byte outside {@code [A-Za-z0-9:_.]} is written as {@code \xNN}, as is "-", "\" and a leading ".".
 */
public final class SystemdEscape {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SystemdEscape() {
    }

    /**
     * Escapes an absolute path.
     *
     * @throws IllegalArgumentException when the path is relative or has a ".." component (systemd refuses
     *                                  those: the name would not map back to one path)
     */
    public static String escapePath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("'" + path + "' is not an absolute path");
        }
        StringBuilder simple = new StringBuilder();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new IllegalArgumentException("'" + path + "' is not a normalized path (it has '..')");
            }
            simple.append(simple.length() == 0 ? "" : "/").append(c);
        }
        if (simple.length() == 0) {
            return "-";
        }
        return escape(simple.toString());
    }

    /** The name of the mount unit for a mount point, e.g. {@code var-lib.mount}. */
    public static String mountUnit(String path) {
        return escapePath(path) + ".mount";
    }

    /** The name of the device unit for a device node path, e.g. {@code dev-disk-by\x2dlabel-data.device}. */
    public static String deviceUnit(String path) {
        return escapePath(path) + ".device";
    }

    /** systemd's do_escape(): "/" to "-", a leading "." and anything not valid in a unit name as \xNN. */
    static String escape(String relative) {
        byte[] bytes = relative.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '/') {
                out.append('-');
            } else if ((i == 0 && b == '.') || !valid(b)) {
                out.append('\\').append('x').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    /** VALID_CHARS of systemd's unit-name.c less "-" and "\", which do_escape() always escapes. */
    private static boolean valid(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == ':' || b == '_'
                || b == '.';
    }
}
