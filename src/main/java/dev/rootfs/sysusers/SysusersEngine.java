package dev.rootfs.sysusers;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.report.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Creates the users and groups of a {@link SysusersConfig} in the target's account files as
 * {@code systemd-sysusers --root} does: groups first, then users, each id taken from the line, then from the
 * owner of a path, then from its group or user of the same name, and otherwise the highest free id of the ranges
 * (one downward cursor shared by users and groups); existing entries are never changed. The four files are
 * written (with a {@code -} backup of the previous one) only when something is added.
 */
public final class SysusersEngine {
    /**
     * From this version a gid that an existing user holds as uid is free for a group of the same name (252 takes
     * only ids no user holds).
     */
    public static final int GID_OF_SAME_NAMED_USER = 257;
    /** From this version a new account named root gets the password "!unprovisioned" (252: "!*" as for every user). */
    public static final int ROOT_UNPROVISIONED = 257;
    /** From this version a missing /etc is created for the lock file; 252 fails without writing anything. */
    public static final int CREATES_ETC = 257;
    private static final long SYSTEM_UID_MAX = 999;
    private static final long UID_INVALID = 0xFFFFFFFFL;
    private static final String LOCK = "/etc/.pwd.lock";

    /** A user or group created. */
    public record Created(String kind, String name, long id, long gid) {
    }

    /** What was created and which files were written. */
    public record Result(List<Created> created, List<String> written) {
    }

    /** Owners and modes of existing files, from the metadata or, where owners count on disk, the disk. */
    public interface Owners {
        long[] uidGid(String path, FileInfo onDisk);
    }

    private final TargetRoot root;
    private final Metadata metadata;
    private final int version;
    private final long lastChangeDay;
    private final boolean exactModes;

    private final Map<String, Long> dbUserByName = new HashMap<>();
    private final Map<Long, String> dbUserById = new HashMap<>();
    private final Map<String, Long> dbGroupByName = new HashMap<>();
    private final Map<Long, String> dbGroupById = new HashMap<>();
    private final Map<Long, Item> todoUids = new LinkedHashMap<>();
    private final Map<Long, Item> todoGids = new LinkedHashMap<>();
    private List<long[]> ranges;
    private long searchUid = UID_INVALID;

    /**
     * @param lastChangeDay the shadow "last change" day of new users (days since 1970)
     * @param exactModes    whether the modes on disk are the real ones (owners apply on disk); otherwise files
     *                      stay readable to the builder and the metadata holds the modes
     */
    public SysusersEngine(TargetRoot root, Metadata metadata, int version, long lastChangeDay, boolean exactModes) {
        this.root = root;
        this.metadata = metadata;
        this.version = version;
        this.lastChangeDay = lastChangeDay;
        this.exactModes = exactModes;
    }

    /** Reads the account files; a line glibc would drop is an error here, before anything changes. */
    public Map<AccountFile.Kind, AccountFile> load() throws TargetPathException, AccountFile.Malformed {
        Map<AccountFile.Kind, AccountFile> files = new LinkedHashMap<>();
        for (AccountFile.Kind k : AccountFile.Kind.values()) {
            byte[] b = root.readIfExists(k.path());
            files.put(k, b == null ? null : AccountFile.parse(k, b, k.path()));
        }
        return files;
    }

    /** Allocates and writes; problems (an id that cannot be had) go to {@code problems}. */
    public Result apply(SysusersConfig config, Map<AccountFile.Kind, AccountFile> files, List<Problem> problems)
            throws TargetPathException {
        AccountFile passwd = files.get(AccountFile.Kind.PASSWD);
        AccountFile group = files.get(AccountFile.Kind.GROUP);
        if (passwd != null) {
            // NIS entries count too: glibc reads "+name" with ids 0, which then are taken
            for (AccountFile.Entry e : passwd.entries()) {
                long uid = AccountFile.id(e.fields().get(2));
                dbUserByName.putIfAbsent(e.name(), uid);
                dbUserById.putIfAbsent(uid, e.name());
            }
        }
        if (group != null) {
            for (AccountFile.Entry e : group.entries()) {
                long gid = AccountFile.id(e.fields().get(2));
                dbGroupByName.putIfAbsent(e.name(), gid);
                dbGroupById.putIfAbsent(gid, e.name());
            }
        }
        ranges = config.ranges.isEmpty() ? List.of(new long[] {1, SYSTEM_UID_MAX}) : config.ranges;
        if (version < CREATES_ETC && root.statFollow("/etc") == null) {
            problems.add(Problem.error("/etc", "Failed to take /etc/passwd lock: No such file or directory"));
            return new Result(List.of(), List.of());
        }
        if (!root.exists(LOCK)) {
            root.mkdirs("/etc", 0755);
            root.createFile(LOCK, exactModes ? 0600 : 0600);
            metadata.put(MetaEntry.of(LOCK).withType(FileType.FILE).withMode(0600).withOwner(0L, "root")
                    .withGroup(0L, "root"));
        }
        for (Item i : config.groups.values()) {
            try {
                addGroup(i);
            } catch (Failed e) {
                problems.add(Problem.error(i.where == null ? i.name : i.where, e.getMessage()));
            }
        }
        for (Item i : config.users.values()) {
            try {
                processUser(config, i);
            } catch (Failed e) {
                problems.add(Problem.error(i.where == null ? i.name : i.where, e.getMessage()));
            }
        }
        List<Created> created = new ArrayList<>();
        for (Item i : todoGids.values()) {
            created.add(new Created("group", i.name, i.gid, i.gid));
        }
        for (Item i : todoUids.values()) {
            created.add(new Created("user", i.name, i.uid, i.gid));
        }
        return new Result(created, write(config, files));
    }

    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String m) {
            super(m, null, false, false);
        }
    }

    private void processUser(SysusersConfig config, Item i) throws Failed, TargetPathException {
        Item j = null;
        if (!i.gidSet) {
            j = config.groups.get(i.groupName != null ? i.groupName : i.name);
            if (j == null && i.groupName != null) {
                j = config.users.get(i.groupName);
            }
        }
        if (j != null && j.todoGroup) {
            i.gidSet = j.gidSet;
            i.gid = j.gid;
            i.idSetStrict = true;
        } else if (i.groupName != null) {
            Long g = dbGroupByName.get(i.groupName);
            if (g == null) {
                throw new Failed("Group " + i.groupName + " not found.");
            }
            i.gid = g;
            i.gidSet = true;
            i.idSetStrict = true;
        } else {
            addGroup(i);
        }
        addUser(i);
    }

    private boolean inRanges(long id) {
        for (long[] r : ranges) {
            if (id >= r[0] && id <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /** uid_range_next_lower: the highest id of the ranges below the cursor. */
    private long nextLower(String what, String name) throws Failed {
        long best = -1;
        for (long[] r : ranges) {
            if (r[0] >= searchUid) {
                continue;
            }
            best = Math.max(best, Math.min(r[1], searchUid - 1));
        }
        if (best < 0) {
            throw new Failed("No free " + what + " ID available for " + name + ".");
        }
        searchUid = best;
        return best;
    }

    private boolean uidOk(long uid, String name, boolean checkWithGid) {
        if (todoUids.containsKey(uid)) {
            return false;
        }
        if (checkWithGid) {
            Item g = todoGids.get(uid);
            if (g != null && !g.name.equals(name)) {
                return false;
            }
        }
        if (dbUserById.containsKey(uid)) {
            return false;
        }
        if (checkWithGid) {
            String g = dbGroupById.get(uid);
            return g == null || g.equals(name);
        }
        return true;
    }

    private boolean gidOk(long gid, String name, boolean checkWithUid) {
        if (todoGids.containsKey(gid)) {
            return false;
        }
        if (checkWithUid) {
            Item u = todoUids.get(gid);
            if (u != null && !u.name.equals(name)) {
                return false;
            }
        }
        if (dbGroupById.containsKey(gid)) {
            return false;
        }
        if (checkWithUid) {
            String u = dbUserById.get(gid);
            if (u != null && (version < GID_OF_SAME_NAMED_USER || !u.equals(name))) {
                return false;
            }
        }
        return true;
    }

    /** The owner of a path inside the root, as stat() on the target would give it; null when it does not exist. */
    private long[] owner(String path) throws TargetPathException {
        FileInfo fi;
        String canonical;
        try {
            fi = root.statFollow(path);
            if (fi == null) {
                return null;
            }
            canonical = root.canonical(path);
        } catch (TargetPathException e) {
            return null;
        }
        MetaEntry rec = metadata.get(canonical);
        long uid = rec != null && rec.uid() != null ? rec.uid() : exactModes ? fi.uid() : 0;
        long gid = rec != null && rec.gid() != null ? rec.gid() : exactModes ? fi.gid() : 0;
        return new long[] {uid, gid};
    }

    private void addGroup(Item i) throws Failed, TargetPathException {
        Long existing = dbGroupByName.get(i.name);
        if (existing != null) {
            i.gid = existing;
            i.gidSet = true;
            return;
        }
        if (i.gidSet) {
            boolean ok = gidOk(i.gid, i.name, false);
            if (i.idSetStrict) {
                if (ok) {
                    throw new Failed("Failed to create " + i.name + ": please create GID " + i.gid);
                }
                return;
            }
            if (!ok) {
                i.gidSet = false;
            }
        }
        if (!i.gidSet && i.uidSet && gidOk(i.uid, i.name, true)) {
            i.gid = i.uid;
            i.gidSet = true;
        }
        if (!i.gidSet && i.gidPath != null) {
            long[] o = owner(i.gidPath);
            if (o != null && o[1] > 0 && inRanges(o[1]) && gidOk(o[1], i.name, true)) {
                i.gid = o[1];
                i.gidSet = true;
            }
        }
        if (!i.gidSet) {
            long c;
            do {
                c = nextLower("group", i.name);
            } while (!gidOk(c, i.name, true));
            i.gid = c;
            i.gidSet = true;
        }
        todoGids.put(i.gid, i);
        i.todoGroup = true;
    }

    private void addUser(Item i) throws Failed, TargetPathException {
        Long existing = dbUserByName.get(i.name);
        if (existing != null) {
            i.uid = existing;
            i.uidSet = true;
            return;
        }
        if (i.uidSet && !uidOk(i.uid, i.name, !i.idSetStrict)) {
            i.uidSet = false;
        }
        if (!i.uidSet && i.uidPath != null) {
            long[] o = owner(i.uidPath);
            if (o != null && o[0] > 0 && inRanges(o[0]) && uidOk(o[0], i.name, true)) {
                i.uid = o[0];
                i.uidSet = true;
            }
        }
        if (!i.uidSet && i.gidSet && uidOk(i.gid, i.name, true)) {
            i.uid = i.gid;
            i.uidSet = true;
        }
        if (!i.uidSet) {
            long c;
            do {
                c = nextLower("user", i.name);
            } while (!uidOk(c, i.name, true));
            i.uid = c;
            i.uidSet = true;
        }
        todoUids.put(i.uid, i);
        i.todoUser = true;
    }

    private List<String> write(SysusersConfig config, Map<AccountFile.Kind, AccountFile> files)
            throws TargetPathException {
        List<String> written = new ArrayList<>();
        if (!todoGids.isEmpty() || !config.members.isEmpty()) {
            List<AccountFile.Entry> groups = new ArrayList<>();
            List<AccountFile.Entry> gshadows = new ArrayList<>();
            for (Item i : todoGids.values()) {
                groups.add(new AccountFile.Entry(List.of(i.name, "x", Long.toString(i.gid), "")));
                gshadows.add(new AccountFile.Entry(List.of(i.name, "!*", "", "")));
            }
            writeFile(AccountFile.Kind.GROUP, files, withMembers(groups, config, 3), config, 3, written);
            writeFile(AccountFile.Kind.GSHADOW, files, withMembers(gshadows, config, 3), config, 3, written);
        }
        if (!todoUids.isEmpty()) {
            List<AccountFile.Entry> users = new ArrayList<>();
            List<AccountFile.Entry> shadows = new ArrayList<>();
            AccountFile shadow = files.get(AccountFile.Kind.SHADOW);
            List<AccountFile.Entry> oldShadow = shadow == null ? new ArrayList<>() : new ArrayList<>(shadow.entries());
            for (Item i : todoUids.values()) {
                users.add(new AccountFile.Entry(List.of(i.name, "x", Long.toString(i.uid), Long.toString(i.gid),
                        i.description == null ? "" : i.description, i.home == null ? "/" : i.home,
                        i.shell != null ? i.shell : i.uid == 0 ? "/bin/sh" : "/usr/sbin/nologin")));
                int stale = indexOf(oldShadow, i.name);
                if (stale >= 0) {
                    // a shadow entry left from an earlier user of this name is kept, with today's change date
                    List<String> f = new ArrayList<>(oldShadow.get(stale).fields());
                    f.set(2, Long.toString(lastChangeDay));
                    oldShadow.set(stale, new AccountFile.Entry(f));
                } else {
                    shadows.add(new AccountFile.Entry(List.of(i.name,
                            i.name.equals("root") && version >= ROOT_UNPROVISIONED ? "!unprovisioned" : "!*", Long.toString(lastChangeDay), "", "", "",
                            "", i.locked ? "1" : "", "")));
                }
            }
            writeBytes(AccountFile.Kind.PASSWD, files, format(files.get(AccountFile.Kind.PASSWD),
                    AccountFile.Kind.PASSWD, users), written);
            AccountFile newShadow = AccountFile.empty(AccountFile.Kind.SHADOW);
            newShadow.entries().addAll(oldShadow);
            writeBytes(AccountFile.Kind.SHADOW, files, newShadow.format(shadows), written);
        }
        return written;
    }

    private static int indexOf(List<AccountFile.Entry> entries, String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] format(AccountFile f, AccountFile.Kind kind, List<AccountFile.Entry> added) {
        return (f == null ? AccountFile.empty(kind) : f).format(added);
    }

    /** New group entries with their members (sorted, as systemd sorts a list it added to). */
    private static List<AccountFile.Entry> withMembers(List<AccountFile.Entry> entries, SysusersConfig config,
            int field) {
        List<AccountFile.Entry> out = new ArrayList<>();
        for (AccountFile.Entry e : entries) {
            out.add(addMembers(e, config, field));
        }
        return out;
    }

    private static AccountFile.Entry addMembers(AccountFile.Entry e, SysusersConfig config, int field) {
        List<String> add = config.members.get(e.name());
        if (add == null) {
            return e;
        }
        String cur = e.fields().get(field);
        List<String> list = new ArrayList<>(cur.isEmpty() ? List.of() : List.of(cur.split(",", -1)));
        boolean added = false;
        for (String m : add) {
            if (!list.contains(m)) {
                list.add(m);
                added = true;
            }
        }
        if (!added) {
            return e;
        }
        TreeSet<String> sorted = new TreeSet<>(dev.rootfs.fs.TargetPaths::compareNames);
        sorted.addAll(list);
        List<String> f = new ArrayList<>(e.fields());
        f.set(field, String.join(",", sorted));
        return new AccountFile.Entry(f);
    }

    private void writeFile(AccountFile.Kind kind, Map<AccountFile.Kind, AccountFile> files,
            List<AccountFile.Entry> added, SysusersConfig config, int field, List<String> written)
            throws TargetPathException {
        AccountFile f = files.get(kind);
        AccountFile merged = AccountFile.empty(kind);
        boolean changed = !added.isEmpty();
        if (f != null) {
            for (AccountFile.Entry e : f.entries()) {
                AccountFile.Entry m = e.nis() ? e : addMembers(e, config, field);
                changed |= m != e;
                merged.entries().add(m);
            }
        }
        if (!changed) {
            // systemd drops its temporary file when neither a group nor a member was added
            return;
        }
        writeBytes(kind, files, merged.format(added), written);
    }

    /** Backs the old file up as {@code <file>-} (its mode and owner kept), then replaces it atomically. */
    private void writeBytes(AccountFile.Kind kind, Map<AccountFile.Kind, AccountFile> files, byte[] content,
            List<String> written) throws TargetPathException {
        String path = kind.path();
        FileInfo old = root.stat(path);
        int mode = kind.newMode;
        Long uid = 0L;
        Long gid = 0L;
        MetaEntry rec = metadata.get(path);
        if (old != null && old.type() == FileType.FILE) {
            mode = rec != null && rec.mode() != null ? rec.mode() : old.mode() & 07777;
            long[] o = owner(path);
            uid = o[0];
            gid = o[1];
            String backup = path + "-";
            byte[] previous = root.read(path);
            root.writeAtomically(backup, previous, diskMode(mode));
            metadata.put(entry(backup, mode, uid, gid));
            written.add(backup);
        }
        root.writeAtomically(path, content, diskMode(mode));
        metadata.put(entry(path, mode, uid, gid));
        written.add(path);
    }

    private int diskMode(int mode) {
        return exactModes ? mode : mode | 0600;
    }

    private MetaEntry entry(String path, int mode, long uid, long gid) {
        MetaEntry old = metadata.get(path);
        MetaEntry e = old == null ? MetaEntry.of(path) : old;
        e = e.withType(FileType.FILE).withMode(mode);
        if (e.uid() == null) {
            e = e.withOwner(uid, uid == 0 ? "root" : null);
        }
        if (e.gid() == null) {
            e = e.withGroup(gid, gid == 0 ? "root" : null);
        }
        return e;
    }
}
