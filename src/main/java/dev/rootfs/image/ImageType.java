package dev.rootfs.image;

import dev.rootfs.report.ConfigurationException;
import java.util.List;
import java.util.Locale;

/** The file systems the {@code image} goal writes, with the compressions each one's tool offers. */
public enum ImageType {
    SQUASHFS(List.of("gzip", "xz", "zstd", "lz4"), "gzip"),
    EROFS(List.of("none", "lz4", "lz4hc", "lzma"), "none"),
    EXT4(List.of("none"), "none");

    private final List<String> compressions;
    private final String defaultCompression;

    ImageType(List<String> compressions, String defaultCompression) {
        this.compressions = compressions;
        this.defaultCompression = defaultCompression;
    }

    /** The name users write and the image's file suffix: squashfs, erofs, ext4. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<String> compressions() {
        return compressions;
    }

    public String defaultCompression() {
        return defaultCompression;
    }

    public static ImageType parse(String s) {
        for (ImageType t : values()) {
            if (t.id().equals(s == null ? null : s.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new ConfigurationException("unknown imageType '" + s + "': expected squashfs, erofs or ext4");
    }

    /** The compression to use: the given one checked against this type, or the type's default. */
    public String compression(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultCompression;
        }
        String c = requested.trim().toLowerCase(Locale.ROOT);
        if (!compressions.contains(c)) {
            throw new ConfigurationException("compression '" + requested + "' is not available for " + id()
                    + " images: expected one of " + String.join(", ", compressions));
        }
        return c;
    }
}
