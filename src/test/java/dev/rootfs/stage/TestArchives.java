package dev.rootfs.stage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar and cpio archives for tests with commons-compress's writers, pax headers written as raw bytes. */
final class TestArchives {
    private TestArchives() {
    }

    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        Tar() {
            tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        Tar dir(String name, int mode) throws IOException {
            return add(entry(name, TarConstants.LF_DIR, mode, 0, 0), null);
        }

        Tar file(String name, int mode, String content) throws IOException {
            return file(name, mode, 0, 0, content);
        }

        Tar file(String name, int mode, long uid, long gid, String content) throws IOException {
            TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode, uid, gid);
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            e.setSize(b.length);
            return add(e, b);
        }

        Tar symlink(String name, String target) throws IOException {
            TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0);
            e.setLinkName(target);
            return add(e, null);
        }

        Tar hardlink(String name, String target) throws IOException {
            TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644, 0, 0);
            e.setLinkName(target);
            return add(e, null);
        }

        Tar device(String name, boolean chr, int mode, int major, int minor) throws IOException {
            TarArchiveEntry e = entry(name, chr ? TarConstants.LF_CHR : TarConstants.LF_BLK, mode, 0, 6);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            return add(e, null);
        }

        Tar fifo(String name, int mode) throws IOException {
            return add(entry(name, TarConstants.LF_FIFO, mode, 0, 0), null);
        }

        /** A pax extended header with raw values, applying to the next entry. */
        Tar pax(Map<String, byte[]> records) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Map.Entry<String, byte[]> r : records.entrySet()) {
                byte[] k = r.getKey().getBytes(StandardCharsets.UTF_8);
                int rest = 1 + k.length + 1 + r.getValue().length + 1;
                int len = rest + Integer.toString(rest).length();
                if (Integer.toString(len).length() != Integer.toString(rest).length()) {
                    len = rest + Integer.toString(len).length();
                }
                body.writeBytes((len + " ").getBytes(StandardCharsets.US_ASCII));
                body.writeBytes(k);
                body.write('=');
                body.writeBytes(r.getValue());
                body.write('\n');
            }
            TarArchiveEntry h = new TarArchiveEntry("./PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            h.setSize(body.size());
            return add(h, body.toByteArray());
        }

        static Map<String, byte[]> records(Object... kv) {
            Map<String, byte[]> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1] instanceof byte[] b ? b
                        : kv[i + 1].toString().getBytes(StandardCharsets.UTF_8));
            }
            return m;
        }

        private static TarArchiveEntry entry(String name, byte flag, int mode, long uid, long gid) {
            TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
            e.setMode(mode);
            e.setUserId(uid);
            e.setGroupId(gid);
            e.setUserName("");
            e.setGroupName("");
            e.setModTime(1_700_000_000_000L);
            return e;
        }

        Tar add(TarArchiveEntry e, byte[] data) throws IOException {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            tar.finish();
            tar.close();
            return out.toByteArray();
        }
    }

    static final class Cpio {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CpioArchiveOutputStream cpio;
        private final short format;
        private int inode = 1;

        Cpio(short format) {
            this.format = format;
            cpio = new CpioArchiveOutputStream(out, format, 512, StandardCharsets.UTF_8.name());
        }

        static Cpio newc() {
            return new Cpio(CpioConstants.FORMAT_NEW);
        }

        static Cpio odc() {
            return new Cpio(CpioConstants.FORMAT_OLD_ASCII);
        }

        Cpio add(String name, int typeAndMode, long uid, long gid, long nlink, long ino, byte[] data)
                throws IOException {
            CpioArchiveEntry e = new CpioArchiveEntry(format, name);
            e.setMode(typeAndMode);
            e.setUID(uid);
            e.setGID(gid);
            e.setNumberOfLinks(nlink);
            e.setInode(ino == 0 ? inode++ : ino);
            e.setTime(1_700_000_000L);
            e.setSize(data == null ? 0 : data.length);
            cpio.putArchiveEntry(e);
            if (data != null) {
                cpio.write(data);
            }
            cpio.closeArchiveEntry();
            return this;
        }

        Cpio dir(String name, int mode) throws IOException {
            return add(name, 0040000 | mode, 0, 0, 2, 0, null);
        }

        Cpio file(String name, int mode, long uid, long gid, String content) throws IOException {
            return add(name, 0100000 | mode, uid, gid, 1, 0, content.getBytes(StandardCharsets.UTF_8));
        }

        Cpio symlink(String name, String target) throws IOException {
            return add(name, 0120777, 0, 0, 1, 0, target.getBytes(StandardCharsets.UTF_8));
        }

        Cpio device(String name, int mode, int major, int minor) throws IOException {
            CpioArchiveEntry e = new CpioArchiveEntry(format, name);
            e.setMode(0020000 | mode);
            e.setInode(inode++);
            e.setNumberOfLinks(1);
            if (format == CpioConstants.FORMAT_NEW) {
                e.setRemoteDeviceMaj(major);
                e.setRemoteDeviceMin(minor);
            } else {
                e.setRemoteDevice(((long) major << 8) | minor);
            }
            cpio.putArchiveEntry(e);
            cpio.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            cpio.finish();
            cpio.close();
            return out.toByteArray();
        }
    }
}
