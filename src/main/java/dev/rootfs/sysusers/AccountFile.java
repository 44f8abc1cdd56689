package dev.rootfs.sysusers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the target's account files ({@code /etc/passwd}, {@code group}, {@code shadow}, {@code gshadow}) as glibc's
 * {@code fgetpwent}/{@code putpwent} family reads and writes it, which is how systemd-sysusers rewrites them: blank
 * and {@code #} lines are not entries, {@code +}/{@code -} (NIS) entries are kept after the new entries, and each
 * entry is written back in the put function's form. A line that glibc would drop is refused here instead, so
 * that a rewrite never loses it silently.
 */
public final class AccountFile {

    /** The four files and their field counts. */
    public enum Kind {
        PASSWD("/etc/passwd", 7, 0644), GROUP("/etc/group", 4, 0644), SHADOW("/etc/shadow", 9, 0),
        GSHADOW("/etc/gshadow", 4, 0);

        final String path;
        final int fields;
        /** The mode systemd-sysusers gives the file when it creates it. */
        final int newMode;

        Kind(String path, int fields, int newMode) {
            this.path = path;
            this.fields = fields;
            this.newMode = newMode;
        }

        public String path() {
            return path;
        }
    }

    /** One entry: its fields as read, and whether it is a NIS {@code +}/{@code -} entry. */
    public record Entry(List<String> fields) {
        public String name() {
            return fields.get(0);
        }

        boolean nis() {
            String n = name();
            return n.startsWith("+") || n.startsWith("-");
        }
    }

    /** A line glibc would not read as an entry. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final Kind kind;
    private final List<Entry> entries;

    private AccountFile(Kind kind, List<Entry> entries) {
        this.kind = kind;
        this.entries = entries;
    }

    public static AccountFile empty(Kind kind) {
        return new AccountFile(kind, new ArrayList<>());
    }

    /** Parses the file's bytes; {@code shown} names it in errors. */
    public static AccountFile parse(Kind kind, byte[] content, String shown) throws Malformed {
        List<Entry> out = new ArrayList<>();
        String text = new String(content, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            List<String> f = new ArrayList<>(List.of(line.split(":", -1)));
            boolean nis = line.startsWith("+") || line.startsWith("-");
            if (nis) {
                while (f.size() < kind.fields) {
                    f.add("");
                }
            }
            if (f.size() != kind.fields) {
                throw new Malformed(shown + ":" + (i + 1) + ": " + f.size() + " fields where " + kind.fields
                        + " are expected");
            }
            if (!nis && f.get(0).isEmpty()) {
                throw new Malformed(shown + ":" + (i + 1) + ": the entry has no name");
            }
            if (!nis && kind == Kind.PASSWD && (!isId(f.get(2)) || !isId(f.get(3)))) {
                throw new Malformed(shown + ":" + (i + 1) + ": the user or group id is not a number");
            }
            if (!nis && kind == Kind.GROUP && !isId(f.get(2))) {
                throw new Malformed(shown + ":" + (i + 1) + ": the group id is not a number");
            }
            out.add(new Entry(f));
        }
        return new AccountFile(kind, out);
    }

    private static boolean isId(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9')
                && Long.parseLong(s) <= 0xFFFFFFFFL;
    }

    /** A numeric field as glibc reads it: an empty one (NIS entries) is 0. */
    static long id(String s) {
        return isId(s) ? Long.parseLong(s) : 0;
    }

    public Kind kind() {
        return kind;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entries that are not NIS entries: the names and ids that exist. */
    public List<Entry> local() {
        return entries.stream().filter(e -> !e.nis()).toList();
    }

    /** The file as written back: entries up to the first NIS entry, then {@code added}, then the rest. */
    public byte[] format(List<Entry> added) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < entries.size() && !entries.get(i).nis()) {
            line(sb, entries.get(i++));
        }
        for (Entry e : added) {
            line(sb, e);
        }
        while (i < entries.size()) {
            line(sb, entries.get(i++));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void line(StringBuilder sb, Entry e) {
        List<String> f = new ArrayList<>(e.fields());
        if (e.nis()) {
            // putpwent and putgrent leave the ids of NIS entries empty
            if (kind == Kind.PASSWD) {
                f.set(2, "");
                f.set(3, "");
            } else if (kind == Kind.GROUP) {
                f.set(2, "");
            }
        } else if (kind == Kind.PASSWD) {
            f.set(2, Long.toString(Long.parseLong(f.get(2))));
            f.set(3, Long.toString(Long.parseLong(f.get(3))));
        } else if (kind == Kind.GROUP) {
            f.set(2, Long.toString(Long.parseLong(f.get(2))));
        }
        sb.append(String.join(":", f)).append('\n');
    }
}
