package dev.rootfs.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's binary form of a POSIX ACL, as the {@code system.posix_acl_access} and
 * {@code system.posix_acl_default} xattrs hold it and the metadata records it (base64): version 2, then a tag, the
 * permission bits and an id per entry (acl(5), the kernel's posix_acl_xattr.h). Entries are keyed by
 * {@link #key(int, long)}, tag in the high 32 bits and id in the low ones, which sorts them as the kernel wants.
 */
public final class PosixAclXattr {
    public static final String ACCESS = "system.posix_acl_access";
    public static final String DEFAULT = "system.posix_acl_default";
    public static final int USER_OBJ = 1;
    public static final int USER = 2;
    public static final int GROUP_OBJ = 4;
    public static final int GROUP = 8;
    public static final int MASK = 0x10;
    public static final int OTHER = 0x20;
    /** The id of the entries that name no user or group. */
    public static final long NO_ID = 0xffffffffL;

    private PosixAclXattr() {
    }

    public static long key(int tag, long id) {
        return ((long) tag << 32) | id;
    }

    public static int tag(long key) {
        return (int) (key >>> 32);
    }

    public static long id(long key) {
        return key & NO_ID;
    }

    /** The base64 xattr value of {@code entries} (key to permission bits; only rwx are kept). */
    public static String encode(Map<Long, Integer> entries) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * entries.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2);
        for (Map.Entry<Long, Integer> e : new TreeMap<>(entries).entrySet()) {
            b.putShort((short) tag(e.getKey()));
            b.putShort((short) (e.getValue() & 7));
            b.putInt((int) id(e.getKey()));
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** The entries of a recorded xattr value; none when it is unreadable or of another version. */
    public static TreeMap<Long, Integer> decode(String base64) {
        TreeMap<Long, Integer> out = new TreeMap<>();
        try {
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 4 || b.getInt() != 2) {
                return out;
            }
            while (b.remaining() >= 8) {
                int tag = b.getShort() & 0xffff;
                int perm = b.getShort() & 0xffff;
                long id = b.getInt() & NO_ID;
                out.put(key(tag, id), perm & 7);
            }
        } catch (IllegalArgumentException e) {
            // an unreadable recorded ACL counts as none
        }
        return out;
    }
}
