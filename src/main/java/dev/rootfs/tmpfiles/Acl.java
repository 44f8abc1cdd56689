package dev.rootfs.tmpfiles;

import static dev.rootfs.fs.PosixAclXattr.ACCESS;
import static dev.rootfs.fs.PosixAclXattr.DEFAULT;
import static dev.rootfs.fs.PosixAclXattr.GROUP;
import static dev.rootfs.fs.PosixAclXattr.GROUP_OBJ;
import static dev.rootfs.fs.PosixAclXattr.MASK;
import static dev.rootfs.fs.PosixAclXattr.NO_ID;
import static dev.rootfs.fs.PosixAclXattr.OTHER;
import static dev.rootfs.fs.PosixAclXattr.USER;
import static dev.rootfs.fs.PosixAclXattr.USER_OBJ;
import static dev.rootfs.fs.PosixAclXattr.key;

import dev.rootfs.fs.PosixAclXattr;
import dev.rootfs.fs.UserDb;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * An a/A argument: POSIX ACL entries ({@code u:app:rwx,g::r-x,d:u::rwx}) applied the way systemd does it
 * (merged into the existing ACL with {@code +}, base entries taken from the mode, a mask computed when named
 * entries need one) and recorded as the kernel's {@code system.posix_acl_access}/{@code _default} xattrs. Names
 * resolve in the target's user database.
 */
final class Acl {
    /** Entries keyed by tag and id, value = perms (bit 8 marks X). */
    private final TreeMap<Long, Integer> access = new TreeMap<>();
    private final TreeMap<Long, Integer> dflt = new TreeMap<>();

    private Acl() {
    }

    /** Parses the text; null when an entry is malformed or names an unknown user or group. */
    static Acl parse(String text, UserDb users, boolean conditionalExecute) {
        if (text == null) {
            return null;
        }
        Acl acl = new Acl();
        for (String raw : text.split("[,\n]")) {
            String e = raw.strip();
            if (e.isEmpty()) {
                continue;
            }
            TreeMap<Long, Integer> target = acl.access;
            String[] f = e.split(":", -1);
            int i = 0;
            if (f[0].equals("d") || f[0].equals("default")) {
                target = acl.dflt;
                i = 1;
            }
            if (f.length - i != 3 && !(f.length - i == 2 && (f[i].equals("o") || f[i].equals("other")
                    || f[i].equals("m") || f[i].equals("mask")))) {
                return null;
            }
            String tag = f[i];
            String qual = f.length - i == 3 ? f[i + 1] : "";
            String perms = f[f.length - 1];
            int p = 0;
            for (char c : perms.toCharArray()) {
                switch (c) {
                    case 'r' -> p |= 4;
                    case 'w' -> p |= 2;
                    case 'x' -> p |= 1;
                    case 'X' -> {
                        if (!conditionalExecute) {
                            return null;
                        }
                        p |= 0x100;
                    }
                    case '-' -> { }
                    default -> {
                        return null;
                    }
                }
            }
            long k;
            switch (tag) {
                case "u", "user" -> {
                    if (qual.isEmpty()) {
                        k = key(USER_OBJ, NO_ID);
                    } else {
                        OptionalLong id = users.uid(qual);
                        if (id.isEmpty()) {
                            return null;
                        }
                        k = key(USER, id.getAsLong());
                    }
                }
                case "g", "group" -> {
                    if (qual.isEmpty()) {
                        k = key(GROUP_OBJ, NO_ID);
                    } else {
                        OptionalLong id = users.gid(qual);
                        if (id.isEmpty()) {
                            return null;
                        }
                        k = key(GROUP, id.getAsLong());
                    }
                }
                case "m", "mask" -> k = key(MASK, NO_ID);
                case "o", "other" -> k = key(OTHER, NO_ID);
                default -> {
                    return null;
                }
            }
            target.put(k, p);
        }
        return acl;
    }

    /** Applies to a node's recorded xattrs; returns the node's new mode (the ACL's owner, mask/group, other). */
    int apply(Map<String, String> xattrs, int mode, boolean isDir, boolean merge) {
        TreeMap<Long, Integer> acc = build(xattrs.get(ACCESS), access, mode, isDir, merge);
        int newMode = mode & 07000 | perms(acc, USER_OBJ) << 6
                | (acc.containsKey(key(MASK, NO_ID)) ? perms(acc, MASK) : perms(acc, GROUP_OBJ)) << 3
                | perms(acc, OTHER);
        store(xattrs, ACCESS, acc, true);
        if (isDir && !dflt.isEmpty()) {
            store(xattrs, DEFAULT, build(xattrs.get(DEFAULT), dflt, mode, true, merge), false);
        }
        return newMode;
    }

    private static int perms(TreeMap<Long, Integer> acl, int tag) {
        Integer p = acl.get(key(tag, NO_ID));
        return p == null ? 0 : p & 7;
    }

    private static TreeMap<Long, Integer> build(String existing, TreeMap<Long, Integer> given, int mode,
            boolean isDir, boolean merge) {
        TreeMap<Long, Integer> out = new TreeMap<>();
        if (merge && existing != null) {
            out.putAll(PosixAclXattr.decode(existing));
        }
        boolean anyExec = (mode & 0111) != 0;
        for (Map.Entry<Long, Integer> e : given.entrySet()) {
            int p = e.getValue();
            if ((p & 0x100) != 0) {
                p = (p & 7) | (isDir || anyExec ? 1 : 0);
            }
            out.put(e.getKey(), p);
        }
        out.putIfAbsent(key(USER_OBJ, NO_ID), mode >> 6 & 7);
        out.putIfAbsent(key(GROUP_OBJ, NO_ID), mode >> 3 & 7);
        out.putIfAbsent(key(OTHER, NO_ID), mode & 7);
        boolean named = out.keySet().stream().anyMatch(k -> (k >>> 32) == USER || (k >>> 32) == GROUP);
        if (named && !out.containsKey(key(MASK, NO_ID))) {
            int m = 0;
            for (Map.Entry<Long, Integer> e : out.entrySet()) {
                long tag = e.getKey() >>> 32;
                if (tag == USER || tag == GROUP || tag == GROUP_OBJ) {
                    m |= e.getValue();
                }
            }
            out.put(key(MASK, NO_ID), m & 7);
        }
        return out;
    }

    private static void store(Map<String, String> xattrs, String name, TreeMap<Long, Integer> acl,
            boolean dropMinimal) {
        if (dropMinimal && acl.size() == 3) {
            xattrs.remove(name); // a minimal ACL is just the mode
            return;
        }
        xattrs.put(name, PosixAclXattr.encode(acl));
    }
}
