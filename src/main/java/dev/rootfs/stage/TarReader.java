package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.UserDb;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * ustar, pax and GNU tar through commons-compress (long names, sparse files, global headers), plus the xattrs
 * of pax headers: GNU tar's and star's {@code SCHILY.xattr.NAME} (raw bytes), libarchive's
 * {@code LIBARCHIVE.xattr.NAME} (base64) and star's {@code SCHILY.acl.access}/{@code default} text.
 */
final class TarReader implements ArchiveReader {
    private final RawHeaderCapture capture;
    private final TarArchiveInputStream tar;
    private final Supplier<UserDb> users;

    TarReader(InputStream in, Supplier<UserDb> users) {
        this.capture = new RawHeaderCapture(in);
        this.tar = new TarArchiveInputStream(capture, StandardCharsets.UTF_8.name());
        this.users = users;
    }

    @Override
    public ArchiveRecord next() throws IOException {
        capture.start();
        TarArchiveEntry e;
        try {
            e = tar.getNextEntry();
        } catch (IllegalArgumentException ex) {
            throw new IOException(ex.getMessage(), ex);
        } finally {
            capture.stop();
        }
        if (e == null) {
            if (!capture.sawEndRecord()) {
                // commons-compress takes a short header for the end; tar archives end with zero records
                throw new IOException("truncated archive: it ends inside a header, without the end-of-archive "
                        + "records");
            }
            return null;
        }
        RawHeaderCapture.Raw raw = capture.parse();
        String name = raw.path() != null && raw.path().startsWith("/") ? raw.path() : e.getName();
        String linkName = raw.linkPath() != null && raw.linkPath().startsWith("/") ? raw.linkPath() : e.getLinkName();
        FileType type;
        String hardLink = null;
        if (e.isLink()) {
            type = FileType.FILE;
            hardLink = linkName;
        } else if (e.isDirectory()) {
            type = FileType.DIR;
        } else if (e.isSymbolicLink()) {
            type = FileType.LINK;
        } else if (e.isCharacterDevice()) {
            type = FileType.CHAR;
        } else if (e.isBlockDevice()) {
            type = FileType.BLOCK;
        } else if (e.isFIFO()) {
            type = FileType.FIFO;
        } else if (e.isFile()) {
            type = FileType.FILE;
        } else {
            throw new IOException("unsupported tar entry type (" + (e.isGNUSparse() ? "sparse" : "volume or multi-volume")
                    + " header)");
        }
        long size = type == FileType.FILE && hardLink == null ? (e.isSparse() ? e.getRealSize() : e.getSize()) : 0;
        return new ArchiveRecord(name, type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                size, type == FileType.LINK ? e.getLinkName() : null, hardLink, null,
                type.isDevice() ? e.getDevMajor() : 0, type.isDevice() ? e.getDevMinor() : 0,
                e.getModTime().getTime() / 1000, xattrs(e, raw));
    }

    private SortedMap<String, String> xattrs(TarArchiveEntry e, RawHeaderCapture.Raw raw) throws IOException {
        Map<String, String> pax = e.getExtraPaxHeaders();
        if (pax.isEmpty()) {
            return null;
        }
        SortedMap<String, String> out = new TreeMap<>();
        boolean schily = false;
        for (Map.Entry<String, String> h : pax.entrySet()) {
            String k = h.getKey();
            if (k.startsWith("SCHILY.xattr.")) {
                schily = true;
            } else if (k.startsWith("LIBARCHIVE.xattr.")) {
                String name = URLDecoder.decode(k.substring("LIBARCHIVE.xattr.".length()), StandardCharsets.UTF_8);
                // libarchive leaves out the base64 padding; the metadata keeps the canonical form
                try {
                    out.put(name, Base64.getEncoder().encodeToString(Base64.getDecoder().decode(h.getValue().strip())));
                } catch (IllegalArgumentException ex) {
                    throw new IOException(k + ": not base64", ex);
                }
            } else if (k.equals("SCHILY.acl.access") || k.equals("SCHILY.acl.default")) {
                String name = k.endsWith("access") ? dev.rootfs.fs.PosixAclXattr.ACCESS : dev.rootfs.fs.PosixAclXattr.DEFAULT;
                try {
                    out.put(name, AclText.toXattr(h.getValue(), users.get()));
                } catch (IllegalArgumentException ex) {
                    throw new IOException(k + ": " + ex.getMessage(), ex);
                }
            }
        }
        if (schily) {
            if (raw.xattrs() == null) {
                throw new IOException("its extended header is too large to read its xattrs");
            }
            raw.xattrs().forEach(out::putIfAbsent);
        }
        return out;
    }

    @Override
    public InputStream content() {
        return tar;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
