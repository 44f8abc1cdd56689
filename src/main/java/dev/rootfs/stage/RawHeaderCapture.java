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
     * The {@code SCHILY.xattr.*} records (raw bytes, base64) of the extended headers read since {@link #start()};
     * null when they could not be kept.
     */
    SortedMap<String, String> xattrs() {
        if (overflow) {
            return null;
        }
        byte[] b = captured.toByteArray();
        SortedMap<String, String> out = new TreeMap<>();
        int off = b.length % 512;
        while (off + 512 <= b.length) {
            byte flag = b[off + 156];
            long size = octal(b, off + 124, 12);
            if (size < 0) {
                return out;
            }
            int data = off + 512;
            if (flag == 'x' || flag == 'X') {
                if (data + size > b.length) {
                    return null;
                }
                parse(b, data, (int) size, out);
            } else if (flag != 'g' && flag != 'L' && flag != 'K') {
                break; // the entry's own header
            }
            off = data + (int) ((size + 511) / 512 * 512);
        }
        return out;
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
    private static void parse(byte[] b, int start, int size, SortedMap<String, String> out) {
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
            if (key.startsWith("SCHILY.xattr.") && eq < off + len - 1) {
                byte[] value = java.util.Arrays.copyOfRange(b, eq + 1, off + len - 1);
                out.put(key.substring("SCHILY.xattr.".length()), Base64.getEncoder().encodeToString(value));
            }
            off += len;
        }
    }
}
