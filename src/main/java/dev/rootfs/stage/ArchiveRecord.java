package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import java.util.SortedMap;

/**
 * One entry of a tar or cpio archive as the staging sees it, whatever the format.
 *
 * @param name      the name as stored (checked and normalised by the archive layer)
 * @param type      node type; for a hard link the type of what it links to (a file)
 * @param mode      permission bits including 07000
 * @param size      content bytes that follow (the expanded size for sparse files)
 * @param link      symlink target, or null
 * @param hardLink  name of the earlier entry this one is a hard link to, or null
 * @param linkKey   cpio's (device, inode) of a file with more than one name, or null
 * @param mtime     modification time in epoch seconds
 * @param xattrs    extended attributes, name to base64 value (ACLs as system.posix_acl_* values)
 */
record ArchiveRecord(String name, FileType type, int mode, long uid, long gid, long size, String link,
        String hardLink, String linkKey, long devMajor, long devMinor, long mtime, SortedMap<String, String> xattrs) {
}
