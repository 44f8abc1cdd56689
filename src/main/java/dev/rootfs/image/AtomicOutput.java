package dev.rootfs.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file written under a temporary name beside it and renamed into place only when complete, so a
 * failed or killed run never leaves a partial file under the real name (an older complete one stays).
 */
final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private boolean committed;

    AtomicOutput(Path target) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        Files.createDirectories(this.target.getParent());
        this.tmp = this.target.resolveSibling("." + this.target.getFileName() + ".tmp");
        this.out = Files.newOutputStream(tmp);
    }

    Path target() {
        return target;
    }

    /** The temporary file the output is written to until {@link #commit()}. */
    Path temporary() {
        return tmp;
    }

    /**
     * For an output a tool writes itself: closes the stream and removes the empty temporary file (tools such as
     * mksquashfs would append to an existing file), returning the path the tool must create.
     */
    Path pathForTool() throws IOException {
        out.close();
        Files.deleteIfExists(tmp);
        return tmp;
    }

    OutputStream stream() {
        return out;
    }

    /** Renames the finished file into place; the stream must be closed by then. */
    void commit() throws IOException {
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
