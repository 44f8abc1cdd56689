package dev.rootfs.fs;

/**
 * What {@code lstat} says about one node of the target, never following a final symlink.
 *
 * @param path       target path ("/var/log")
 * @param type       node type
 * @param mode       permission bits including 07000
 * @param uid        owner on disk
 * @param gid        group on disk
 * @param size       size in bytes (regular files)
 * @param linkTarget symlink target exactly as {@code readlink} returns it, or null
 * @param rdev       device number of char/block nodes
 * @param inode      device and inode, to find hard links
 * @param nlink      link count
 */
public record FileInfo(String path, FileType type, int mode, long uid, long gid, long size, String linkTarget,
        long rdev, Object inode, int nlink) {

    /** Linux encoding of a dev_t, as glibc's gnu_dev_major. */
    public long devMajor() {
        return ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & ~0xfffL);
    }

    public long devMinor() {
        return (rdev & 0xffL) | ((rdev >>> 12) & ~0xffL);
    }
}
