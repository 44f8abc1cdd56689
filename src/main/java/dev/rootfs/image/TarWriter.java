package dev.rootfs.image;

import dev.rootfs.fs.FileType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * pax tar through commons-compress. Each entry gets a ustar header; a pax extended header ({@link PaxHeader})
 * goes before it only for what ustar cannot hold: names and link targets of 100 bytes or more or not ASCII,
 * ids above 07777777, long or non-ASCII user names, sizes of 8 GiB and more, and xattrs (as GNU tar writes
 * them, {@code SCHILY.xattr.NAME} with the raw value). The ustar fields then hold a truncated name and
 * star-style binary numbers, which readers replace with the pax values.
 */
public final class TarWriter implements ArchiveWriter {
    /** GNU tar's default blocking factor 20. */
    static final int BLOCK_SIZE = 10240;
    private static final long MAX_ID = 07777777L;
    private static final long MAX_SIZE = 077777777777L;

    private final TarArchiveOutputStream tar;
    private final byte[] buffer = new byte[1 << 17];

    public TarWriter(OutputStream out) {
        tar = new TarArchiveOutputStream(out, BLOCK_SIZE, StandardCharsets.UTF_8.name());
        // our PaxHeader carries long values; commons-compress must not add a second header of its own
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
    }

    @Override
    public boolean supports(ArchiveItem item) {
        return item.entry().type() != FileType.SOCKET;
    }

    @Override
    public void add(ArchiveItem item, ReadableByteChannel content) throws IOException {
        TarArchiveEntry e = entry(item);
        PaxHeader pax = paxFor(item, e);
        if (!pax.isEmpty()) {
            writePax(item, pax);
        }
        tar.putArchiveEntry(e);
        long size = e.getSize();
        long copied = content == null || size == 0 ? 0 : copy(content, size);
        if (copied < size) {
            pad(size - copied);
        }
        tar.closeArchiveEntry();
        if (copied < size) {
            throw new ContentSizeException(size, copied);
        }
    }

    private TarArchiveEntry entry(ArchiveItem item) {
        FileType type = item.entry().type();
        String name = item.name();
        byte flag;
        if (item.hardLinkTo() != null) {
            flag = TarConstants.LF_LINK;
        } else {
            flag = switch (type) {
                case DIR -> TarConstants.LF_DIR;
                case LINK -> TarConstants.LF_SYMLINK;
                case CHAR -> TarConstants.LF_CHR;
                case BLOCK -> TarConstants.LF_BLK;
                case FIFO -> TarConstants.LF_FIFO;
                default -> TarConstants.LF_NORMAL;
            };
        }
        if (flag == TarConstants.LF_DIR && !name.endsWith("/")) {
            name += "/";
        }
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        e.setMode(item.permissions());
        e.setUserId(item.uid());
        e.setGroupId(item.gid());
        // the constructor fills in the build user's name; only the target's names may appear
        e.setUserName(item.entry().uname() == null ? "" : item.entry().uname());
        e.setGroupName(item.entry().gname() == null ? "" : item.entry().gname());
        e.setModTime(FileTime.from(item.mtime(), TimeUnit.SECONDS));
        if (item.hardLinkTo() != null) {
            e.setLinkName(item.hardLinkTo());
        } else if (type == FileType.LINK) {
            e.setLinkName(item.entry().link());
        } else if (type.isDevice()) {
            e.setDevMajor((int) item.devMajor());
            e.setDevMinor((int) item.devMinor());
        }
        e.setSize(flag == TarConstants.LF_NORMAL ? item.size() : 0);
        return e;
    }

    private static PaxHeader paxFor(ArchiveItem item, TarArchiveEntry e) {
        PaxHeader pax = new PaxHeader();
        if (needsPax(e.getName(), TarConstants.NAMELEN)) {
            pax.put("path", e.getName());
        }
        if (!e.getLinkName().isEmpty() && needsPax(e.getLinkName(), TarConstants.NAMELEN)) {
            pax.put("linkpath", e.getLinkName());
        }
        if (e.getLongUserId() > MAX_ID) {
            pax.put("uid", Long.toString(e.getLongUserId()));
        }
        if (e.getLongGroupId() > MAX_ID) {
            pax.put("gid", Long.toString(e.getLongGroupId()));
        }
        if (needsPax(e.getUserName(), TarConstants.UNAMELEN)) {
            pax.put("uname", e.getUserName());
        }
        if (needsPax(e.getGroupName(), TarConstants.GNAMELEN)) {
            pax.put("gname", e.getGroupName());
        }
        if (e.getSize() > MAX_SIZE) {
            pax.put("size", Long.toString(e.getSize()));
        }
        for (Map.Entry<String, String> x : item.entry().xattrs().entrySet()) {
            pax.put("SCHILY.xattr." + x.getKey(), Base64.getDecoder().decode(x.getValue()));
        }
        return pax;
    }

    private static boolean needsPax(String value, int fieldLength) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= fieldLength) {
            return true;
        }
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** The extended header entry, named as GNU tar names it ({@code dir/PaxHeaders/name}). */
    private void writePax(ArchiveItem item, PaxHeader pax) throws IOException {
        byte[] body = pax.encode();
        String n = item.name().endsWith("/") && item.name().length() > 2
                ? item.name().substring(0, item.name().length() - 1) : item.name();
        int slash = n.lastIndexOf('/');
        String paxName = slash < 0 || n.equals("./") ? "./PaxHeaders/." : n.substring(0, slash) + "/PaxHeaders"
                + n.substring(slash);
        TarArchiveEntry h = new TarArchiveEntry(paxName, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        h.setMode(0644);
        h.setUserId(0);
        h.setGroupId(0);
        h.setUserName("");
        h.setGroupName("");
        h.setModTime(FileTime.from(item.mtime(), TimeUnit.SECONDS));
        h.setSize(body.length);
        tar.putArchiveEntry(h);
        tar.write(body);
        tar.closeArchiveEntry();
    }

    private long copy(ReadableByteChannel in, long size) throws IOException {
        return ArchiveWriter.copy(in, size, buffer, tar);
    }

    private void pad(long n) throws IOException {
        java.util.Arrays.fill(buffer, (byte) 0);
        while (n > 0) {
            int k = (int) Math.min(n, buffer.length);
            tar.write(buffer, 0, k);
            n -= k;
        }
    }

    @Override
    public void finish() throws IOException {
        tar.finish();
        tar.close();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
