package dev.rootfs.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/** Writes archive entries in the order given; one implementation per {@link ArchiveFormat}. */
public interface ArchiveWriter extends Closeable {

    /**
     * Adds one entry. For a regular file that carries data, {@code content} yields exactly
     * {@link ArchiveItem#size()} bytes; otherwise it is null.
     *
     * @throws ContentSizeException when the content ended before the declared size (the entry is padded)
     */
    void add(ArchiveItem item, ReadableByteChannel content) throws IOException;

    /** True when this format can carry the entry's type (tar has no sockets). */
    boolean supports(ArchiveItem item);

    /** Writes the trailer; the writer is closed afterwards. */
    void finish() throws IOException;

    /**
     * Copies at most {@code size} bytes of {@code in} to {@code out} through {@code buffer}; returns how many
     * came (fewer when the file shrank meanwhile).
     */
    static long copy(ReadableByteChannel in, long size, byte[] buffer, java.io.OutputStream out) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(buffer);
        long done = 0;
        while (done < size) {
            buf.clear();
            if (size - done < buf.capacity()) {
                buf.limit((int) (size - done));
            }
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            done += n;
        }
        return done;
    }

    /** Raised when a file shrank between the walk and reading it; the archive entry was padded with zeros. */
    final class ContentSizeException extends IOException {
        private static final long serialVersionUID = 1L;

        public ContentSizeException(long expected, long got) {
            super("changed while being archived: " + expected + " bytes expected, only " + got + " read");
        }
    }
}
