package dev.rootfs.tmpfiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Warnings that name every line a run did not apply, so that a skip is never silent. Lines skipped for the same
 * reason are grouped under one explanation that says why and what to do; each line is still named by
 * {@code file:line}. Lines skipped as a matter of course (outside the prefixes, {@code !} lines without boot)
 * are notices, shown only when asked for.
 */
public final class SkippedLines {
    /** Where the text is shown: the settings the advice names are spelled differently there. */
    public enum Audience {
        MAVEN("<specifierValues><%1$c>VALUE</%1$c></specifierValues>",
                "once the create-users goal has applied them (run it before populate-var)",
                "a line without '^' in <lines> or <configFiles> (with <replace> to take this file's place)",
                "<prefixes> and <excludePrefixes>", "<boot>false</boot>"),
        COMMAND_LINE("--specifier=%1$c=VALUE",
                "once they are applied (the create-users goal, or systemd-sysusers --root=DIR before this command)",
                "a line without '^' in a config file given with --replace=THIS-FILE",
                "--prefix and --exclude-prefix", "no --boot");

        private final String specifierSetting;
        private final String sysusers;
        private final String content;
        private final String prefixes;
        private final String noBoot;

        Audience(String specifierSetting, String sysusers, String content, String prefixes, String noBoot) {
            this.specifierSetting = specifierSetting;
            this.sysusers = sysusers;
            this.content = content;
            this.prefixes = prefixes;
            this.noBoot = noBoot;
        }
    }

    /** Letters the running system supplies, and what they stand for. */
    private static final Map<Character, String> HOST_VALUES = Map.of('a', "the architecture", 'b', "the boot id",
            'H', "the host name", 'l', "the short host name", 'q', "the pretty host name", 'v', "the kernel release",
            'h', "the user's home directory");

    private SkippedLines() {
    }

    /** One warning block per reason: its explanation, then each line indented. */
    public static List<String> warnings(List<Diagnostic> diagnostics, Audience audience) {
        List<Diagnostic> skipped = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (isSkip(d) && !isNormal(d.reason())) {
                skipped.add(d);
            }
        }
        return text(skipped, audience);
    }

    /** The same for the lines skipped as a matter of course, for verbose output. */
    public static List<String> notices(List<Diagnostic> diagnostics, List<Diagnostic> outsidePrefixes,
            Audience audience) {
        List<Diagnostic> normal = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (isSkip(d) && isNormal(d.reason())) {
                normal.add(d);
            }
        }
        normal.addAll(outsidePrefixes);
        return text(normal, audience);
    }

    /** Whether {@link #warnings} covers this diagnostic, so a caller does not show it a second time. */
    public static boolean covers(Diagnostic d) {
        return isSkip(d);
    }

    private static boolean isSkip(Diagnostic d) {
        return d.kind() == Diagnostic.Kind.SKIPPED || d.kind() == Diagnostic.Kind.UNKNOWN_ID;
    }

    private static boolean isNormal(Diagnostic.Reason r) {
        return r == Diagnostic.Reason.OUTSIDE_PREFIXES || r == Diagnostic.Reason.BOOT_ONLY;
    }

    private record Key(Diagnostic.Reason reason, String subject) {
    }

    private static List<String> text(List<Diagnostic> skipped, Audience audience) {
        Map<Key, List<Diagnostic>> groups = new LinkedHashMap<>();
        for (Diagnostic d : skipped) {
            // OTHER skips come from different causes, each message saying which: one group for all of them
            String subject = d.reason() == Diagnostic.Reason.OTHER ? null : d.subject();
            groups.computeIfAbsent(new Key(d.reason(), subject), k -> new ArrayList<>()).add(d);
        }
        List<String> out = new ArrayList<>();
        groups.forEach((k, lines) -> {
            int n = lines.size();
            out.add(n + " tmpfiles.d line" + (n == 1 ? "" : "s") + " skipped: " + explain(k, n, audience));
            for (Diagnostic d : lines) {
                out.add("  " + d.where() + ": " + d.message() + "; line skipped");
            }
        });
        return out;
    }

    private static String explain(Key k, int n, Audience a) {
        String subject = Objects.toString(k.subject(), "");
        String they = n == 1 ? "it uses " : "they use ";
        return switch (k.reason()) {
            case SPECIFIER -> {
                char letter = subject.length() == 2 ? subject.charAt(1) : '?';
                String what = HOST_VALUES.get(letter);
                yield they + subject + ", which has no value when the image is built ("
                        + (what == null ? "the target does not provide it" : what + " of the running system")
                        + "); give it one with " + String.format(a.specifierSetting, letter);
            }
            case UNKNOWN_USER, UNKNOWN_GROUP -> {
                String kind = k.reason() == Diagnostic.Reason.UNKNOWN_USER ? "user" : "group";
                yield "the target has no " + kind + " '" + subject + "'. Users and groups come from the target's "
                        + "/etc/passwd and /etc/group, and from its sysusers.d files " + a.sysusers + "; add the "
                        + kind + " there";
            }
            case CREDENTIAL -> they + "credential '" + subject + "', which exists only on the running system; to "
                    + "have the file in the image, give its content in " + a.content;
            case MISSING_COPY_SOURCE -> "the copy source " + subject + " is not in the target; add it to the "
                    + "target before this runs (C copies from /usr/share/factory/PATH when no source is given)";
            case METADATA_ONLY_NODE -> "the node " + (n == 1 ? "it writes into" : "they write into") + " is a "
                    + "device node, fifo or socket that a build without root records only in the metadata, so there "
                    + "is nothing on disk to write; the running system's systemd-tmpfiles writes it";
            case BOOT_ONLY -> "'!' lines apply only at boot, and boot lines are off (" + a.noBoot + ")";
            case OUTSIDE_PREFIXES -> "outside the prefixes applied at build time (" + a.prefixes
                    + "); the target's systemd-tmpfiles applies them when it runs";
            default -> "not applied at build time, for the reason each line gives";
        };
    }
}
