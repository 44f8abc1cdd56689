package dev.rootfs.fs;

import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The metadata file on disk, held exclusively while open. Two goals on the same root, in one JVM
 * ({@code mvn -T 2}) or in two processes, take turns: the in-JVM lock serialises threads (a JVM may hold a
 * file lock only once), the {@code .lock} file's lock serialises processes. Writes go to a temporary file
 * that is renamed over the old one, so a run killed mid-write leaves the previous complete file.
 */
public final class MetadataFile implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock jvmLock;
    private final FileChannel lockChannel;
    private final FileLock fileLock;

    private MetadataFile(Path file, ReentrantLock jvmLock, FileChannel lockChannel, FileLock fileLock) {
        this.file = file;
        this.jvmLock = jvmLock;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
    }

    /** Opens (and locks) the metadata file; it need not exist yet. */
    public static MetadataFile open(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        ReentrantLock lock = JVM_LOCKS.computeIfAbsent(abs, k -> new ReentrantLock());
        lock.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockPath(abs), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fl = ch.lock();
            return new MetadataFile(abs, lock, ch, fl);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            lock.unlock();
            throw e;
        }
    }

    private static Path lockPath(Path abs) {
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    public Path path() {
        return file;
    }

    /** Reads the file; a missing file is empty metadata. Problems name {@code file:line}. */
    public MtreeFormat.Parsed read() throws IOException {
        if (!Files.exists(file)) {
            return new MtreeFormat.Parsed(new Metadata(), List.<Problem>of());
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("metadata " + file + " is not a regular file");
        }
        return MtreeFormat.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Reads the file for a goal: its problems go into {@code report}, and with {@code failOnError} an invalid
     * line stops the run before anything happens ({@code notDone} says what, e.g. "nothing was changed").
     */
    public Metadata read(Report report, boolean failOnError, String notDone) throws IOException, ProblemsException {
        MtreeFormat.Parsed parsed = read();
        parsed.problems().forEach(report::problem);
        if (failOnError && !report.errors().isEmpty()) {
            throw new ProblemsException("invalid metadata, " + notDone + ":", report.errors());
        }
        return parsed.metadata();
    }

    /** Replaces the file atomically with {@code md}, sorted; an unchanged content is not rewritten. */
    public void write(Metadata md) throws IOException {
        byte[] bytes = MtreeFormat.format(md).getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        AtomicOutput.writeDurably(file, bytes);
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            lockChannel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
