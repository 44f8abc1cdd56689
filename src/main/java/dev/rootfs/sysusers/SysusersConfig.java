package dev.rootfs.sysusers;

import dev.rootfs.fs.ConfigDirectories;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.report.Problem;
import dev.rootfs.tmpfiles.Specifiers;
import dev.rootfs.tmpfiles.Words;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sysusers.d lines of a target, read as systemd-sysusers reads them: one ordered table of users and one of
 * groups (the first line for a name wins; a different later one is a warning), the memberships, the id ranges,
 * and the invalid lines with {@code file:line}. Users and groups that only {@code m} lines name are added after
 * all files, as systemd does.
 */
public final class SysusersConfig {
    /** The first version that knows {@code u!} (a locked account). */
    public static final int LOCKED_USERS = 257;
    /** Letters sysusers.d expands: the system and temporary-directory specifiers (sysusers.d(5)). */
    private static final String LETTERS = "aAbBHlmMovwWTV";

    final Map<String, Item> users = new LinkedHashMap<>();
    final Map<String, Item> groups = new LinkedHashMap<>();
    final Map<String, List<String>> members = new LinkedHashMap<>();
    final List<long[]> ranges = new ArrayList<>();
    private final List<Problem> invalid = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final int version;
    private final Specifiers specifiers;

    SysusersConfig(int version, Specifiers specifiers) {
        this.version = version;
        this.specifiers = specifiers;
    }

    /** Reads the files in order, then adds what {@code m} lines imply. */
    public static SysusersConfig read(List<ConfigDirectories.Found> files, int version, Specifiers specifiers) {
        SysusersConfig c = new SysusersConfig(version, specifiers);
        for (ConfigDirectories.Found f : files) {
            if (!f.masked()) {
                c.readFile(f.shown(), new String(f.content(), StandardCharsets.UTF_8));
            }
        }
        c.addImplicit();
        return c;
    }

    /** Lines refused: systemd logs them and goes on; here they fail the run unless failOnError is off. */
    public List<Problem> invalid() {
        return invalid;
    }

    /** Lines ignored as systemd ignores them (a conflicting second line for a name). */
    public List<Problem> warnings() {
        return warnings;
    }

    void readFile(String shown, String text) {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = shown + ":" + (n + 1);
            try {
                parseLine(where, line);
            } catch (LineType.LineError e) {
                invalid.add(Problem.error(where, e.getMessage()));
            }
        }
    }

    private void parseLine(String where, String line) throws LineType.LineError {
        Words.Split split;
        try {
            split = Words.split(line, 6, false);
        } catch (Words.Malformed e) {
            throw new LineType.LineError("Syntax error.");
        }
        if (split.rest() != null) {
            throw new LineType.LineError("Trailing garbage.");
        }
        List<String> w = new ArrayList<>(split.fields());
        while (w.size() < 6) {
            w.add(null);
        }
        String action = w.get(0);
        boolean locked = false;
        if (action.length() > (version >= LOCKED_USERS ? 2 : 1)) {
            throw new LineType.LineError("Unknown modifier '" + action + "'.");
        }
        LineType type = LineType.of(action.charAt(0));
        if (type == null) {
            throw new LineType.LineError("Unknown command type '" + action.charAt(0) + "'.");
        }
        if (action.length() == 2) {
            if (action.charAt(1) != '!') {
                throw new LineType.LineError("Unknown modifier '" + action + "'.");
            }
            if (type != LineType.USER) {
                throw new LineType.LineError("Flag '!' not permitted on lines of type '" + action.charAt(0) + "'.");
            }
            locked = true;
        }
        String name = expand(w.get(1));
        if (name != null && type != LineType.RANGE && !validName(name)) {
            throw new LineType.LineError("'" + name + "' is not a valid user or group name.");
        }
        String id = expand(w.get(2));
        String description = expand(w.get(3));
        if (description != null && !validGecos(description)) {
            throw new LineType.LineError("'" + description + "' is not a valid GECOS field.");
        }
        String home = expand(w.get(4));
        if (home != null) {
            if (!validPath(home)) {
                throw new LineType.LineError("'" + home + "' is not a valid home directory field.");
            }
            home = simplify(home);
        }
        String shell = expand(w.get(5));
        if (shell != null) {
            if (!validPath(shell)) {
                throw new LineType.LineError("'" + shell + "' is not a valid login shell field.");
            }
            shell = simplify(shell);
        }
        type.parse(new LineType.Fields(where, locked, name, id, description, home, shell), this);
    }

    /** "-" and an absent field are unset; anything else has its specifiers expanded. */
    private String expand(String field) throws LineType.LineError {
        if (field == null || field.equals("-") || field.isEmpty()) {
            return null;
        }
        for (int i = 0; i + 1 < field.length(); i++) {
            if (field.charAt(i) == '%') {
                char c = field.charAt(++i);
                if (c != '%' && Character.isLetterOrDigit(c) && c < 128 && LETTERS.indexOf(c) < 0) {
                    throw new LineType.LineError("Failed to replace specifiers in '" + field
                            + "': unknown specifier %" + c);
                }
            }
        }
        try {
            return specifiers.expand(field);
        } catch (Specifiers.Unresolvable | Specifiers.Unknown e) {
            throw new LineType.LineError("Failed to replace specifiers in '" + field + "': " + e.getMessage());
        }
    }

    void addUser(Item i) {
        add(users, i, "user");
    }

    void addGroup(Item i) {
        add(groups, i, "group");
    }

    private void add(Map<String, Item> table, Item i, String what) {
        Item existing = table.get(i.name);
        if (existing == null) {
            table.put(i.name, i);
        } else if (!existing.sameAs(i)) {
            warnings.add(Problem.warning(i.where, "Conflict with earlier configuration for " + what + " '" + i.name
                    + "' in " + existing.where + ", ignoring line."));
        }
    }

    void addMember(String user, String group) {
        List<String> l = members.computeIfAbsent(group, g -> new ArrayList<>());
        if (!l.contains(user)) {
            l.add(user);
        }
    }

    void addRange(long from, long to) {
        ranges.add(new long[] {from, to});
    }

    /** systemd's add_implicit: every user an {@code m} line names, and its group, exist afterwards. */
    private void addImplicit() {
        for (Map.Entry<String, List<String>> e : members.entrySet()) {
            for (String u : e.getValue()) {
                users.computeIfAbsent(u, n -> new Item(LineType.USER, n, null));
            }
            if (!users.containsKey(e.getKey()) && !groups.containsKey(e.getKey())) {
                groups.put(e.getKey(), new Item(LineType.GROUP, e.getKey(), null));
            }
        }
    }

    /** A uid or gid as systemd's parse_uid takes it: decimal, no leading zero, not -1 as 16 or 32 bits. */
    static Optional<Long> parseId(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                || (s.length() > 1 && s.charAt(0) == '0')) {
            return Optional.empty();
        }
        long v = Long.parseLong(s);
        if (v >= 0xFFFFFFFFL || v == 0xFFFFL) {
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** systemd's strict valid_user_group_name: a letter or '_' first, then letters, digits, '_' and '-'. */
    static boolean validName(String s) {
        return s.matches("[a-zA-Z_][a-zA-Z0-9_-]{0,30}");
    }

    private static boolean validGecos(String s) {
        return s.indexOf(':') < 0 && s.indexOf('\n') < 0;
    }

    /** valid_home and valid_shell: absolute, normalised, no control characters and no ':'. */
    private static boolean validPath(String s) {
        if (!s.startsWith("/") || s.indexOf(':') >= 0 || s.length() > 4096) {
            return false;
        }
        for (char c : s.toCharArray()) {
            if (c < 32 || c == 127) {
                return false;
            }
        }
        for (String part : s.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return !s.contains("//");
    }

    /** systemd's path_simplify: no doubled or trailing slash. */
    static String simplify(String path) {
        return TargetPaths.normalize(path);
    }
}
