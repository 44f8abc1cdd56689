package dev.rootfs.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file written under a temporary name beside it and renamed into place only when complete, so a
 * failed or killed run never leaves a partial file under the real name (an older complete one stays). Every
 * file the plugin replaces goes through here: reports, the metadata, the factory journal, archives and
 * listings, and (through {@link TargetRoot#writeAtomically}) generated files in the target.
 *
 * <p>A stale temporary file of a killed run is removed first, and the new one is created, never opened through
 * a symlink planted under its name.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final FileChannel channel;
    private final OutputStream out;
    private final boolean durable;
    private boolean committed;

    /** Starts {@code target}; {@code commit()} puts it in place. */
    public AtomicOutput(Path target) throws IOException {
        this(target, ".tmp", false);
    }

    /**
     * @param tmpSuffix added to {@code "." + name} for the temporary file
     * @param durable   the content reaches the disk before the rename (for files a later run recovers from)
     */
    AtomicOutput(Path target, String tmpSuffix, boolean durable) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        this.durable = durable;
        Files.createDirectories(this.target.getParent());
        this.tmp = this.target.resolveSibling("." + this.target.getFileName() + tmpSuffix);
        Files.deleteIfExists(tmp);
        this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        this.out = Channels.newOutputStream(channel);
    }

    /** Replaces {@code target} with {@code content} in one step. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, false);
    }

    /** Replaces {@code target} with {@code content} in one step, the content on disk before the rename. */
    public static void writeDurably(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    private static void write(Path target, byte[] content, boolean durable) throws IOException {
        try (AtomicOutput o = new AtomicOutput(target, ".tmp", durable)) {
            o.stream().write(content);
            o.commit();
        }
    }

    public Path target() {
        return target;
    }

    /** The temporary file the output is written to until {@link #commit()}, e.g. to set its mode first. */
    public Path temporary() {
        return tmp;
    }

    /**
     * For an output a tool writes itself: closes the stream and removes the empty temporary file (tools such as
     * mksquashfs would append to an existing file), returning the path the tool must create.
     */
    public Path pathForTool() throws IOException {
        out.close();
        Files.deleteIfExists(tmp);
        return tmp;
    }

    public OutputStream stream() {
        return out;
    }

    /** Renames the finished file into place; anything buffered on top of {@link #stream()} must be flushed. */
    public void commit() throws IOException {
        if (durable && channel.isOpen()) {
            channel.force(true);
        }
        out.close();
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    /** Drops the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
