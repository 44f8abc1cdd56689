package dev.rootfs.tmpfiles;

/**
 * One message of a run, classified by its consequence. {@code where} is {@code file:line} for problems of a
 * line and the target path for problems of an action.
 */
public record Diagnostic(Kind kind, String where, String message) {
    public Diagnostic {
        message = oneLine(message);
    }

    /** Control characters that a line's decoded fields may carry are shown escaped, so a message stays one line. */
    static String oneLine(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s.substring(0, i));
                }
                sb.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\t' -> "\\t";
                    case '\r' -> "\\r";
                    default -> String.format("\\x%02x", (int) c);
                });
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** What a diagnostic means for the run; the exit codes are systemd-tmpfiles' (§11). */
    public enum Kind {
        /** The line is invalid (syntax, type, modifier, mode, age, specifier): exit 65, fails the build. */
        INVALID,
        /** The line names a user or group the target does not have: exit 65, the line is skipped. */
        UNKNOWN_ID,
        /** systemd refuses to run at all (bad base64, argument too long): exit 1, fails the build. */
        FATAL,
        /** An action failed: exit 73, fails the build. */
        FAILED,
        /** Logged but harmless for the exit code (wrong-type conflicts, ignored arguments, duplicates). */
        WARNING,
        /** A line or action deliberately not applied (host-only specifier, missing source, ...): report only. */
        SKIPPED
    }

    public boolean isError() {
        return kind == Kind.INVALID || kind == Kind.FATAL || kind == Kind.FAILED;
    }

    @Override
    public String toString() {
        return where + ": " + message;
    }
}
