package dev.rootfs.image;

import dev.rootfs.report.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * Compression of the whole archive, through commons-compress. xz needs org.tukaani:xz and zstd needs
 * com.github.luben:zstd-jni on the class path; both are dependencies of this plugin. Every codec is set up
 * to give the same bytes for the same input: gzip without a file name and with mtime 0, xz and zstd
 * single-threaded.
 */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    XZ(".xz"),
    ZSTD(".zst");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** File name suffix after the archive's own extension (".gz"); empty for none. */
    public String suffix() {
        return suffix;
    }

    public OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> {
                GzipParameters p = new GzipParameters();
                p.setModificationTime(0);
                p.setOS(GzipParameters.OS.UNIX);
                p.setCompressionLevel(6);
                yield new GzipCompressorOutputStream(out, p);
            }
            case XZ -> new XZCompressorOutputStream(out, 6);
            case ZSTD -> new ZstdCompressorOutputStream(out, 3);
        };
    }

    /** Accepts none, gzip/gz, xz, zstd/zst. */
    public static Compression parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none", "no", "false" -> NONE;
            case "gzip", "gz" -> GZIP;
            case "xz" -> XZ;
            case "zstd", "zst" -> ZSTD;
            default -> throw new ConfigurationException("compression must be none, gzip, xz or zstd, not '"
                    + value + "'");
        };
    }
}
