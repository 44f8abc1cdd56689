package dev.rootfs.fs;

import dev.rootfs.report.ConfigurationException;
import java.util.Locale;

/**
 * Whether owners recorded in the metadata are also applied on disk. Only root can chown, so {@code AUTO}
 * applies them exactly when the build runs as root.
 */
public enum Ownership {
    AUTO, ALWAYS, NEVER;

    public static Ownership parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("applyOwnership must be auto, always or never, not '" + value + "'");
        }
    }

    /** True when owners should be set on disk by this process. */
    public boolean applies() {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> Process.isRoot();
        };
    }

    /** The effective user of this JVM, read from /proc because the JDK has no geteuid(). */
    public static final class Process {
        private static final boolean ROOT = detect();

        private Process() {
        }

        public static boolean isRoot() {
            return ROOT;
        }

        private static boolean detect() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        return line.split("\\s+")[2].equals("0");
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // fall through
            }
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
