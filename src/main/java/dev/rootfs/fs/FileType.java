package dev.rootfs.fs;

import java.util.Locale;

/** The node types a root file system holds, named as mtree(5) names them. */
public enum FileType {
    DIR("dir", 0040000),
    FILE("file", 0100000),
    LINK("link", 0120000),
    FIFO("fifo", 0010000),
    CHAR("char", 0020000),
    BLOCK("block", 0060000),
    SOCKET("socket", 0140000);

    private final String mtreeName;
    private final int formatBits;

    FileType(String mtreeName, int formatBits) {
        this.mtreeName = mtreeName;
        this.formatBits = formatBits;
    }

    public String mtreeName() {
        return mtreeName;
    }

    /** The S_IFMT bits of this type. */
    public int formatBits() {
        return formatBits;
    }

    public boolean isDevice() {
        return this == CHAR || this == BLOCK;
    }

    /**
     * Types an unprivileged build cannot create (mknod needs root), so a metadata record alone may carry them,
     * as fakeroot's database does.
     */
    public boolean mayLiveInMetadataOnly() {
        return this == CHAR || this == BLOCK || this == SOCKET;
    }

    public static FileType fromMtree(String name) {
        for (FileType t : values()) {
            if (t.mtreeName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    public static FileType fromMode(int mode) {
        int fmt = mode & 0170000;
        for (FileType t : values()) {
            if (t.formatBits == fmt) {
                return t;
            }
        }
        return null;
    }
}
