package dev.rootfs.tmpfiles;

import dev.rootfs.fs.PosixAclXattr;
import java.util.Map;
import java.util.TreeMap;

/**
 * The POSIX ACLs a node's {@code system.posix_acl_access} and {@code system.posix_acl_default} xattrs hold, as the
 * text an {@code a} line takes ({@code u::rwx,g::r-x,g:4:r-x,m::r-x,o::r-x,d:u::rwx,...}), ids numeric as in the
 * image, so the line sets exactly the recorded ACLs.
 */
public final class AclText {
    private AclText() {
    }

    /** The names of the xattrs an ACL lives in. */
    public static boolean isAcl(String xattrName) {
        return xattrName.equals(PosixAclXattr.ACCESS) || xattrName.equals(PosixAclXattr.DEFAULT);
    }

    /** The ACL text of {@code xattrs} (name to base64 value), or null when they hold no ACL. */
    public static String of(Map<String, String> xattrs) {
        StringBuilder sb = new StringBuilder();
        append(sb, "", xattrs.get(PosixAclXattr.ACCESS));
        append(sb, "d:", xattrs.get(PosixAclXattr.DEFAULT));
        return sb.length() == 0 ? null : sb.toString();
    }

    private static void append(StringBuilder sb, String prefix, String base64) {
        if (base64 == null) {
            return;
        }
        TreeMap<Long, Integer> entries = PosixAclXattr.decode(base64);
        for (Map.Entry<Long, Integer> e : entries.entrySet()) {
            long id = PosixAclXattr.id(e.getKey());
            String who = switch (PosixAclXattr.tag(e.getKey())) {
                case PosixAclXattr.USER_OBJ -> "u:";
                case PosixAclXattr.USER -> "u:" + id;
                case PosixAclXattr.GROUP_OBJ -> "g:";
                case PosixAclXattr.GROUP -> "g:" + id;
                case PosixAclXattr.MASK -> "m:";
                case PosixAclXattr.OTHER -> "o:";
                default -> null;
            };
            if (who == null) {
                continue;
            }
            int p = e.getValue();
            sb.append(sb.length() == 0 ? "" : ",").append(prefix).append(who).append(':')
                    .append((p & 4) != 0 ? 'r' : '-').append((p & 2) != 0 ? 'w' : '-').append((p & 1) != 0 ? 'x' : '-');
        }
    }
}
