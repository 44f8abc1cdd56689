package dev.rootfs.stage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Reads an archive entry by entry; the content of the current entry is read from {@link #content()}. */
interface ArchiveReader extends Closeable {

    /** The next entry, or null at the end; an IOException means a corrupt or truncated archive. */
    ArchiveRecord next() throws IOException;

    /** The current entry's content stream (do not close). */
    InputStream content();
}
