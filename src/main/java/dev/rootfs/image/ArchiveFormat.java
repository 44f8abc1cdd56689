package dev.rootfs.image;

import dev.rootfs.report.ConfigurationException;
import java.util.Locale;

/** The container an archive is written in. */
public enum ArchiveFormat {
    /** POSIX.1-2001 (pax) tar: ustar headers, pax extended headers only where ustar cannot hold a value. */
    TAR("tar"),
    /** SVR4 "newc" cpio without CRC, as the kernel's initramfs unpacker reads it. */
    CPIO("cpio");

    private final String extension;

    ArchiveFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static ArchiveFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return TAR;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("newc")) {
            return CPIO;
        }
        for (ArchiveFormat f : values()) {
            if (f.extension.equals(v)) {
                return f;
            }
        }
        throw new ConfigurationException("archive format must be tar or cpio, not '" + value + "'");
    }
}
