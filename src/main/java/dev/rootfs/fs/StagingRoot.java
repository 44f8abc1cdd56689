package dev.rootfs.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A target root rebuilt from scratch: the new tree grows in a sibling directory ({@code .NAME.rootfs-stage}) and
 * replaces the old root only in {@link #commit()}, by two renames. A run killed at any point leaves the previous
 * root (or, between the two renames, none) and leftovers with our own names, which the next run removes first.
 */
public final class StagingRoot implements AutoCloseable {
    private final Path finalRoot;
    private final Path staging;
    private final Path old;
    private final TargetRoot root;
    private boolean committed;

    private StagingRoot(Path finalRoot, Path staging, Path old, TargetRoot root) {
        this.finalRoot = finalRoot;
        this.staging = staging;
        this.old = old;
        this.root = root;
    }

    /** Starts a new staging directory beside {@code finalRoot}, removing what a killed run left there. */
    public static StagingRoot begin(Path finalRoot) throws IOException {
        Path abs = finalRoot.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new TargetRootException("the root directory cannot be the file system's root");
        }
        Files.createDirectories(parent);
        Path staging = parent.resolve("." + abs.getFileName() + ".rootfs-stage");
        Path old = parent.resolve("." + abs.getFileName() + ".rootfs-old");
        deleteTree(staging);
        deleteTree(old);
        Files.createDirectory(staging);
        TargetRoot root = TargetRoot.open(staging);
        root.cacheDirectories(true);
        return new StagingRoot(abs, staging, old, root);
    }

    /** The root being built. */
    public TargetRoot root() {
        return root;
    }

    /** Puts the staged tree in place of the root: the old root is renamed aside, the new one in, the old deleted. */
    public void commit() throws IOException {
        boolean hadRoot = Files.exists(finalRoot, LinkOption.NOFOLLOW_LINKS);
        if (hadRoot) {
            Files.move(finalRoot, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, finalRoot, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        if (hadRoot) {
            deleteTree(old);
        }
    }

    /** Drops the staged tree unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            deleteTree(staging);
        }
    }

    /**
     * Deletes a tree this class made, never following a symlink; directories an unprivileged build made
     * read-only ({@code 0555}) are opened up first so that their entries can go.
     */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<PosixFilePermission> rwx = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS);
                if (!p.containsAll(rwx)) {
                    p.addAll(rwx);
                    Files.setPosixFilePermissions(d, p);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
