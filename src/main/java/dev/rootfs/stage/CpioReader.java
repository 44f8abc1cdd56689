package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * cpio (newc, crc, odc and old binary) through commons-compress. A symlink's target is its content; the names
 * of a file with several links share a (device, inode) key, and the data comes with one of them.
 */
final class CpioReader implements ArchiveReader {
    /** A symlink target longer than this is refused rather than read into memory. */
    private static final int MAX_LINK = 4096;
    private final CpioArchiveInputStream cpio;

    CpioReader(InputStream in) {
        this.cpio = new CpioArchiveInputStream(in, StandardCharsets.UTF_8.name());
    }

    @Override
    public ArchiveRecord next() throws IOException {
        CpioArchiveEntry e;
        try {
            e = cpio.getNextEntry();
        } catch (IllegalArgumentException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
        if (e == null) {
            return null;
        }
        int mode = (int) e.getMode();
        FileType type = FileType.fromMode(mode);
        if (type == null) {
            throw new IOException("unknown file type in mode " + Long.toOctalString(e.getMode()));
        }
        boolean newc = e.getFormat() == CpioConstants.FORMAT_NEW || e.getFormat() == CpioConstants.FORMAT_NEW_CRC;
        String link = null;
        if (type == FileType.LINK) {
            if (e.getSize() > MAX_LINK) {
                throw new IOException("symlink target of " + e.getSize() + " bytes");
            }
            byte[] target = cpio.readNBytes((int) e.getSize());
            if (target.length != e.getSize()) {
                throw new IOException("truncated archive");
            }
            link = new String(target, StandardCharsets.UTF_8);
        }
        long major = 0;
        long minor = 0;
        if (type.isDevice()) {
            if (newc) {
                major = e.getRemoteDeviceMaj();
                minor = e.getRemoteDeviceMin();
            } else {
                long rdev = e.getRemoteDevice();
                // the old formats store dev_t as the kernel's old encoding: major in bits 8-15
                major = (rdev >> 8) & 0xff;
                minor = rdev & 0xff;
            }
        }
        String key = null;
        if (type == FileType.FILE && e.getNumberOfLinks() > 1) {
            key = (newc ? e.getDeviceMaj() + ":" + e.getDeviceMin() : Long.toString(e.getDevice())) + ":"
                    + e.getInode();
        }
        return new ArchiveRecord(e.getName(), type, mode & 07777, e.getUID(), e.getGID(),
                type == FileType.FILE ? e.getSize() : 0, link, null, key, major, minor, e.getTime(), null);
    }

    @Override
    public InputStream content() {
        return cpio;
    }

    @Override
    public void close() throws IOException {
        cpio.close();
    }
}
