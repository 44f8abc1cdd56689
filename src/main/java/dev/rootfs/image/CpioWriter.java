package dev.rootfs.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * SVR4 "newc" cpio through commons-compress, as the kernel unpacks an initramfs. Inode numbers are assigned
 * in archive order (never the host's), so the same tree gives the same bytes. Hard links share an inode
 * number and link count; their data goes with the last name, as GNU cpio and libarchive write it, so the
 * caller announces each group's size first ({@link #expectLinks}). cpio has no user names and no xattrs.
 */
public final class CpioWriter implements ArchiveWriter {
    private final CpioArchiveOutputStream cpio;
    private final byte[] buffer = new byte[1 << 17];
    private final Map<String, long[]> linkGroups = new HashMap<>();
    private long nextInode = 1;

    public CpioWriter(OutputStream out) {
        cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW, CpioConstants.BLOCK_SIZE,
                StandardCharsets.UTF_8.name());
    }

    /** Announces that the names whose first one is {@code firstName} form a hard-link group of {@code count}. */
    public void expectLinks(String firstName, int count) {
        linkGroups.put(firstName, new long[] {0, count, 0});
    }

    @Override
    public boolean supports(ArchiveItem item) {
        return true;
    }

    @Override
    public void add(ArchiveItem item, ReadableByteChannel content) throws IOException {
        String name = item.name().equals("./") ? "." : item.name();
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name);
        e.setMode(item.entry().type().formatBits() | item.permissions());
        e.setUID(item.uid());
        e.setGID(item.gid());
        e.setTime(item.mtime());
        e.setNumberOfLinks(item.entry().type() == dev.rootfs.fs.FileType.DIR ? 2 : 1);
        if (item.entry().type().isDevice()) {
            e.setRemoteDeviceMaj(item.devMajor());
            e.setRemoteDeviceMin(item.devMinor());
        }
        byte[] linkTarget = null;
        boolean carriesData = true;
        String groupKey = item.hardLinkTo() != null ? item.hardLinkTo() : item.name();
        long[] group = linkGroups.get(groupKey);
        if (group != null) {
            // group = {inode, count, seen}; data only on the last member
            if (group[0] == 0) {
                group[0] = nextInode++;
            }
            group[2]++;
            e.setInode(group[0]);
            e.setNumberOfLinks(group[1]);
            carriesData = group[2] == group[1];
        } else {
            e.setInode(nextInode++);
        }
        long size = item.size();
        if (item.entry().type() == dev.rootfs.fs.FileType.LINK) {
            linkTarget = item.entry().link().getBytes(StandardCharsets.UTF_8);
            size = linkTarget.length;
        } else if (!carriesData) {
            size = 0;
        }
        e.setSize(size);
        cpio.putArchiveEntry(e);
        long copied = 0;
        long expected = 0;
        if (linkTarget != null) {
            cpio.write(linkTarget);
        } else if (carriesData && size > 0) {
            expected = size;
            copied = content == null ? 0 : copy(content, size);
            if (copied < size) {
                java.util.Arrays.fill(buffer, (byte) 0);
                for (long n = size - copied; n > 0; n -= Math.min(n, buffer.length)) {
                    cpio.write(buffer, 0, (int) Math.min(n, buffer.length));
                }
            }
        }
        cpio.closeArchiveEntry();
        if (copied < expected) {
            throw new ContentSizeException(expected, copied);
        }
    }

    /** Whether the entry's content must be read: hard-link members other than the last carry none. */
    public boolean wantsContent(ArchiveItem item) {
        String groupKey = item.hardLinkTo() != null ? item.hardLinkTo() : item.name();
        long[] group = linkGroups.get(groupKey);
        return group == null || group[2] + 1 == group[1];
    }

    private long copy(ReadableByteChannel in, long size) throws IOException {
        return ArchiveWriter.copy(in, size, buffer, cpio);
    }

    @Override
    public void finish() throws IOException {
        cpio.finish();
        cpio.close();
    }

    @Override
    public void close() throws IOException {
        cpio.close();
    }
}
