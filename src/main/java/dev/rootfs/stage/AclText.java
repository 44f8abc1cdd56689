package dev.rootfs.stage;

import dev.rootfs.fs.UserDb;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * POSIX ACLs in star's text form ({@code SCHILY.acl.access}: {@code user::rwx,user:www:r-x:33,group::r-x,mask::r-x,
 * other::r-x}) turned into the kernel's {@code system.posix_acl_access} xattr value, the form the metadata keeps
 * (see acl(5) and the kernel's posix_acl_xattr.h: version 2, then tag, permissions and id per entry).
 */
final class AclText {
    private static final int USER_OBJ = 1;
    private static final int USER = 2;
    private static final int GROUP_OBJ = 4;
    private static final int GROUP = 8;
    private static final int MASK = 0x10;
    private static final int OTHER = 0x20;
    private static final long NO_ID = 0xffffffffL;

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
            entries.put(((long) tag << 32) | id, perms(f[2]));
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * entries.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2);
        entries.forEach((key, perm) -> {
            b.putShort((short) (key >>> 32));
            b.putShort(perm.shortValue());
            b.putInt((int) (key & NO_ID));
        });
        return Base64.getEncoder().encodeToString(b.array());
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
