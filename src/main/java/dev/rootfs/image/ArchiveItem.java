package dev.rootfs.image;

import dev.rootfs.fs.MetaEntry;

/**
 * One node as it goes into an archive: the canonical entry (owner, mode, type, device, xattrs from the
 * metadata over the disk), its archive name and mtime, and how its content is found.
 *
 * @param entry      the canonical listing entry; its type decides the archive entry type
 * @param name       archive name: "./" for the root, "./var/log" below it
 * @param mtime      modification time in epoch seconds, already clamped
 * @param size       content size for regular files that carry data, else 0
 * @param hardLinkTo archive name of the earlier entry this one is a hard link to, or null
 */
public record ArchiveItem(MetaEntry entry, String name, long mtime, long size, String hardLinkTo) {

    /** Archive name of a target path, in the "./path" form GNU tar gives with {@code -C root .}. */
    public static String archiveName(String targetPath) {
        return targetPath.equals("/") ? "./" : "." + targetPath;
    }

    public int permissions() {
        return entry.mode() == null ? 0 : entry.mode() & 07777;
    }

    public long uid() {
        return entry.uid() == null ? 0 : entry.uid();
    }

    public long gid() {
        return entry.gid() == null ? 0 : entry.gid();
    }

    public long devMajor() {
        return entry.devMajor() == null ? 0 : entry.devMajor();
    }

    public long devMinor() {
        return entry.devMinor() == null ? 0 : entry.devMinor();
    }
}
