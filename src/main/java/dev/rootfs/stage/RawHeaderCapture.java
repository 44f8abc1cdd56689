package dev.rootfs.stage;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps the raw bytes the tar reader reads while it moves to the next entry, so that binary pax records
 * ({@code SCHILY.xattr.security.capability}, {@code SCHILY.xattr.system.posix_acl_access}) can be taken as bytes:
 * commons-compress hands pax values over as UTF-8 strings, which loses bytes that are not valid UTF-8.
 *
 * <p>The tar reader reads headers in 512-byte records; what it reads between two entries is the padding of the
 * previous entry (less than 512 bytes), then whole header records and extended-header data. So the first header
 * starts at {@code length % 512} of the captured bytes.
 */
final class RawHeaderCapture extends FilterInputStream {
    /** pax headers larger than this are not kept (the xattrs of such an entry are then refused). */
    private static final int LIMIT = 1 << 20;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private boolean on;
    private boolean overflow;

    RawHeaderCapture(InputStream in) {
        super(in);
    }

    void start() {
        captured.reset();
        overflow = false;
        on = true;
    }

    void stop() {
        on = false;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (on && b >= 0) {
            keep(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (on && n > 0) {
            keep(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (!on) {
            return super.skip(n);
        }
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int k = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (k < 0) {
                break;
            }
            done += k;
        }
        return done;
    }

    private void keep(byte[] b, int off, int n) {
        if (captured.size() + n > LIMIT) {
            overflow = true;
            return;
        }
        captured.write(b, off, n);
    }

    /**
     * What the raw headers read since {@link #start()} say: the {@code SCHILY.xattr.*} records (raw bytes, base64;
     * null when they could not be kept) and the entry's name and link name exactly as stored (commons-compress
     * drops a leading "/", which must be refused, not repaired).
     */
    record Raw(SortedMap<String, String> xattrs, String path, String linkPath) {
    }

    /**
     * Parses the captured headers.
     *
     * @throws IOException when a header's checksum does not match (commons-compress does not check it)
     */
    Raw parse() throws IOException {
        if (overflow) {
            return new Raw(null, null, null);
        }
        byte[] b = captured.toByteArray();
        SortedMap<String, String> xattrs = new TreeMap<>();
        String[] names = new String[2];
        int off = b.length % 512;
        while (off + 512 <= b.length) {
            if (isZero(b, off)) {
                break; // end of archive
            }
            checkSum(b, off);
            byte flag = b[off + 156];
            long size = octal(b, off + 124, 12);
            if (size < 0) {
                break;
            }
            int data = off + 512;
            if (flag == 'x' || flag == 'X' || flag == 'L' || flag == 'K') {
                if (data + size > b.length) {
                    break;
                }
                if (flag == 'L' || flag == 'K') {
                    names[flag == 'L' ? 0 : 1] = cString(b, data, (int) size);
                } else {
                    records(b, data, (int) size, xattrs, names);
                }
            } else if (flag != 'g') {
                if (names[0] == null) {
                    String name = cString(b, off, 100);
                    boolean ustar = b[off + 257] == 'u' && b[off + 258] == 's' && b[off + 259] == 't';
                    String prefix = ustar && b[off + 262] == 0 ? cString(b, off + 345, 155) : "";
                    names[0] = prefix.isEmpty() ? name : prefix + "/" + name;
                }
                if (names[1] == null) {
                    names[1] = cString(b, off + 157, 100);
                }
                break; // the entry's own header
            }
            off = data + (int) ((size + 511) / 512 * 512);
        }
        return new Raw(xattrs, names[0], names[1]);
    }

    /** True when the bytes read since {@link #start()} hold an all-zero record: the end-of-archive marker. */
    boolean sawEndRecord() {
        byte[] b = captured.toByteArray();
        for (int off = b.length % 512; off + 512 <= b.length; off += 512) {
            if (isZero(b, off)) {
                return true;
            }
        }
        return overflow;
    }

    private static boolean isZero(byte[] b, int off) {
        for (int i = off; i < off + 512; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkSum(byte[] b, int off) throws IOException {
        long stored = octal(b, off + 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < 512; i++) {
            byte c = i >= 148 && i < 156 ? (byte) ' ' : b[off + i];
            unsigned += c & 0xff;
            signed += c;
        }
        // old writers summed signed bytes; tar readers accept both
        if (stored != unsigned && stored != signed) {
            throw new IOException("header checksum mismatch (stored " + stored + ", computed " + unsigned + ")");
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == 0 || c == ' ') {
                if (v > 0) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                return -1;
            }
            v = v * 8 + (c - '0');
        }
        return v;
    }

    /** pax records: "LEN KEY=VALUE\n", LEN counting the whole record. */
    private static void records(byte[] b, int start, int size, SortedMap<String, String> out, String[] names) {
        int off = start;
        int end = start + size;
        while (off < end) {
            int sp = off;
            while (sp < end && b[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(b, off, sp - off, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return;
            }
            if (len <= 0 || off + len > end) {
                return;
            }
            int eq = sp + 1;
            while (eq < off + len && b[eq] != '=') {
                eq++;
            }
            String key = new String(b, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
            if (key.equals("path") || key.equals("linkpath")) {
                names[key.equals("path") ? 0 : 1] = new String(b, eq + 1, off + len - 1 - (eq + 1),
                        StandardCharsets.UTF_8);
            } else if (key.startsWith("SCHILY.xattr.") && eq < off + len - 1) {
                byte[] value = java.util.Arrays.copyOfRange(b, eq + 1, off + len - 1);
                out.put(key.substring("SCHILY.xattr.".length()), Base64.getEncoder().encodeToString(value));
            }
            off += len;
        }
    }
}
