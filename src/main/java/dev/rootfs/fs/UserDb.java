package dev.rootfs.fs;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Users and groups of the target, read as systemd-tmpfiles does with {@code --root}: {@code root} is built in,
 * then {@code /etc/passwd} and {@code /usr/lib/passwd} (same for group), each chased inside the root, the first
 * occurrence of a name winning. The build host's NSS is never consulted.
 */
public final class UserDb {
    private final Map<String, Long> users = new LinkedHashMap<>();
    private final Map<String, Long> groups = new LinkedHashMap<>();
    private final Map<Long, String> userNames = new HashMap<>();
    private final Map<Long, String> groupNames = new HashMap<>();

    private UserDb() {
        add(users, userNames, "root", 0L);
        add(groups, groupNames, "root", 0L);
    }

    /** An empty database: only {@code root} and numeric ids resolve. */
    public static UserDb empty() {
        return new UserDb();
    }

    public static UserDb load(TargetRoot root) throws TargetPathException {
        UserDb db = new UserDb();
        for (String f : new String[] {"/etc/passwd", "/usr/lib/passwd"}) {
            db.parse(root.readIfExists(f), db.users, db.userNames);
        }
        for (String f : new String[] {"/etc/group", "/usr/lib/group"}) {
            db.parse(root.readIfExists(f), db.groups, db.groupNames);
        }
        return db;
    }

    /** Parses passwd/group text; lines without a valid numeric third field are skipped as glibc does. */
    public static UserDb parse(String passwd, String group) {
        UserDb db = new UserDb();
        db.parse(passwd == null ? null : passwd.getBytes(StandardCharsets.UTF_8), db.users, db.userNames);
        db.parse(group == null ? null : group.getBytes(StandardCharsets.UTF_8), db.groups, db.groupNames);
        return db;
    }

    private void parse(byte[] content, Map<String, Long> byName, Map<Long, String> byId) {
        if (content == null) {
            return;
        }
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 3 || f[0].isEmpty() || line.startsWith("+") || line.startsWith("-")
                    || line.startsWith("#")) {
                continue;
            }
            OptionalLong id = parseId(f[2]);
            if (id.isPresent()) {
                add(byName, byId, f[0], id.getAsLong());
            }
        }
    }

    private static void add(Map<String, Long> byName, Map<Long, String> byId, String name, long id) {
        // a shadowed duplicate name must not name its id: the name means the first id in the target
        if (byName.putIfAbsent(name, id) == null) {
            byId.putIfAbsent(id, name);
        }
    }

    /**
     * systemd's strict id syntax: decimal digits only, no sign, no leading zero, below 2^32, and neither
     * 65535 nor 4294967295 (both mean "invalid" in the kernel).
     */
    public static OptionalLong parseId(String s) {
        if (s == null || s.isEmpty() || s.length() > 10) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            return OptionalLong.empty();
        }
        long v = Long.parseLong(s);
        if (v > 0xffffffffL || v == 65535L || v == 4294967295L) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(v);
    }

    /** A strict numeric id, else a user name of the target; empty when neither resolves. */
    public OptionalLong uid(String nameOrId) {
        return lookup(nameOrId, users);
    }

    public OptionalLong gid(String nameOrId) {
        return lookup(nameOrId, groups);
    }

    private static OptionalLong lookup(String s, Map<String, Long> byName) {
        OptionalLong id = parseId(s);
        if (id.isPresent()) {
            return id;
        }
        Long v = byName.get(s);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The first user name with this id, or null. */
    public String userName(long uid) {
        return userNames.get(uid);
    }

    public String groupName(long gid) {
        return groupNames.get(gid);
    }
}
