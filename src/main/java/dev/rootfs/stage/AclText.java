package dev.rootfs.stage;

import static dev.rootfs.fs.PosixAclXattr.GROUP;
import static dev.rootfs.fs.PosixAclXattr.GROUP_OBJ;
import static dev.rootfs.fs.PosixAclXattr.MASK;
import static dev.rootfs.fs.PosixAclXattr.NO_ID;
import static dev.rootfs.fs.PosixAclXattr.OTHER;
import static dev.rootfs.fs.PosixAclXattr.USER;
import static dev.rootfs.fs.PosixAclXattr.USER_OBJ;

import dev.rootfs.fs.PosixAclXattr;
import dev.rootfs.fs.UserDb;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * POSIX ACLs in star's text form ({@code SCHILY.acl.access}: {@code user::rwx,user:www:r-x:33,group::r-x,mask::r-x,
 * other::r-x}) turned into the kernel's {@code system.posix_acl_access} xattr value, the form the metadata keeps
 * ({@link PosixAclXattr}).
 */
final class AclText {
    private AclText() {
    }

    /** The base64 xattr value; named entries take star's trailing numeric id, else the name in the target. */
    static String toXattr(String text, UserDb users) {
        Map<Long, Integer> entries = new TreeMap<>();
        for (String item : text.split("[,\n]")) {
            String e = item.strip();
            if (e.isEmpty() || e.startsWith("#")) {
                continue;
            }
            String[] f = e.split(":", -1);
            if (f.length < 3) {
                throw new IllegalArgumentException("ACL entry '" + e + "' is not TAG:QUALIFIER:PERMS");
            }
            int tag = switch (f[0]) {
                case "user", "u" -> f[1].isEmpty() ? USER_OBJ : USER;
                case "group", "g" -> f[1].isEmpty() ? GROUP_OBJ : GROUP;
                case "mask", "m" -> MASK;
                case "other", "o" -> OTHER;
                default -> throw new IllegalArgumentException("unknown ACL tag '" + f[0] + "'");
            };
            long id = NO_ID;
            if (tag == USER || tag == GROUP) {
                OptionalLong n = f.length > 3 ? UserDb.parseId(f[3]) : OptionalLong.empty();
                if (n.isEmpty()) {
                    n = tag == USER ? users.uid(f[1]) : users.gid(f[1]);
                }
                if (n.isEmpty()) {
                    throw new IllegalArgumentException("ACL names '" + f[1] + "', unknown in the target");
                }
                id = n.getAsLong();
            }
            entries.put(PosixAclXattr.key(tag, id), perms(f[2]));
        }
        return PosixAclXattr.encode(entries);
    }

    private static int perms(String p) {
        int v = 0;
        for (char c : p.toCharArray()) {
            switch (c) {
                case 'r' -> v |= 4;
                case 'w' -> v |= 2;
                case 'x' -> v |= 1;
                case '-' -> {
                }
                default -> throw new IllegalArgumentException("bad ACL permissions '" + p + "'");
            }
        }
        return v;
    }
}
