package dev.rootfs.tmpfiles;

/**
 * One message of a run, classified by its consequence and, for lines not applied, by the reason. {@code where}
 * is {@code file:line} for problems of a line and the target path for problems of an action.
 *
 * @param subject what the reason is about, for grouping and advice: the specifier ({@code %h}), the user or
 *                group name, the copy source, the credential; null when there is none
 */
public record Diagnostic(Kind kind, String where, String message, Reason reason, String subject) {
    public Diagnostic {
        message = oneLine(message);
        if (reason == null) {
            reason = Reason.OTHER;
        }
    }

    public Diagnostic(Kind kind, String where, String message) {
        this(kind, where, message, Reason.OTHER, null);
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

    /** Why a line was not applied; the report counts skipped lines by {@link #key()}. */
    public enum Reason {
        /** A specifier with no value at build time (host-only, or missing from the target). */
        SPECIFIER("specifier"),
        /** A '!' line in a run without boot lines. */
        BOOT_ONLY("boot-only"),
        /** The line's path lies outside the prefixes, or under an excluded one. */
        OUTSIDE_PREFIXES("outside-prefixes"),
        /** A C line whose source the target does not have. */
        MISSING_COPY_SOURCE("missing-copy-source"),
        /** A '^' line: credentials exist only on the running system. */
        CREDENTIAL("credential"),
        /** The target has no such user. */
        UNKNOWN_USER("unknown-user-or-group"),
        /** The target has no such group. */
        UNKNOWN_GROUP("unknown-user-or-group"),
        /** A w line whose device node, fifo or socket exists only in the metadata, with nothing on disk to
         * write into. */
        METADATA_ONLY_NODE("metadata-only-node"),
        /** An earlier line for the same path wins. */
        DUPLICATE("duplicate"),
        /** Anything else, e.g. an action that found nothing to act on. */
        OTHER("other");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        /** The name the report counts it under, after {@code skipped-}. */
        public String key() {
            return key;
        }
    }

    public boolean isError() {
        return kind == Kind.INVALID || kind == Kind.FATAL || kind == Kind.FAILED;
    }

    @Override
    public String toString() {
        return where + ": " + message;
    }
}
