package dev.rootfs.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The staged root file system of the image, seen as from inside a chroot. Every read and write of the target
 * goes through this class.
 *
 * <p>Resolution: absolute symlinks restart at the root, {@code ..} is clamped at the root, and more than
 * {@value #MAX_SYMLINK_HOPS} symlink hops are reported as a loop. The resulting host path is built only from
 * names found inside the root, so it cannot point outside it. Operations never follow a symlink in the final
 * component unless the method says so, and directory walks open each directory relative to its parent with
 * {@code O_NOFOLLOW}, so a directory swapped for a symlink while a walk runs is reported, not followed.
 */
public final class TargetRoot {
    /** Same limit as the kernel's and systemd's chase(). */
    public static final int MAX_SYMLINK_HOPS = 40;
    private static final String UNIX_ATTRS = "unix:mode,uid,gid,size,rdev,ino,dev,nlink,lastModifiedTime";
    private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path root;
    /**
     * Relative paths known to be real directories (not symlinks) while a single writer works on the root, so
     * that resolving many paths under the same parents does not lstat them again. Null when off.
     */
    private Set<String> knownDirs;

    private TargetRoot(Path root) {
        this.root = root;
    }

    /**
     * Remembers directories met while resolving, for a run that is the only one changing the root (a goal
     * applying thousands of lines). Removing or moving anything forgets them all. Off by default.
     */
    public void cacheDirectories(boolean on) {
        knownDirs = on ? new java.util.HashSet<>() : null;
    }

    /**
     * Opens an existing directory as a target root.
     *
     * @throws TargetRootException when it is missing or not a directory
     */
    public static TargetRoot open(Path directory) throws TargetRootException {
        if (directory == null) {
            throw new TargetRootException("no root directory configured");
        }
        Path abs = directory.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new TargetRootException("root directory " + abs + " does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw new TargetRootException("root directory " + abs + " is not a directory");
        }
        try {
            return new TargetRoot(abs.toRealPath());
        } catch (IOException e) {
            throw new TargetRootException("root directory " + abs + " cannot be opened: " + e.getMessage());
        }
    }

    /** The host directory of the root (real path). */
    public Path hostRoot() {
        return root;
    }

    /** Opens the root of a goal and checks its metadata file lies outside it. */
    public static TargetRoot openForGoal(Path directory, Path metadata) throws TargetRootException {
        TargetRoot root = open(directory);
        root.requireOutside(metadata, "metadata file");
        return root;
    }

    /**
     * Fails when a file a goal writes beside the root (the metadata, a listing, an archive) lies inside it,
     * where it would end up in the image.
     */
    public void requireOutside(Path hostPath, String what) throws TargetRootException {
        if (containsHostPath(hostPath)) {
            throw new TargetRootException(what + " " + hostPath.toAbsolutePath().normalize() + " lies inside the root "
                    + root + "; it would end up in the image");
        }
    }

    /** True when {@code hostPath} lies inside the root (lexically, after making it absolute). */
    public boolean containsHostPath(Path hostPath) {
        Path abs = hostPath.toAbsolutePath().normalize();
        try {
            Path parent = abs.getParent();
            if (parent != null && Files.exists(parent)) {
                abs = parent.toRealPath().resolve(abs.getFileName());
            }
        } catch (IOException e) {
            // keep the lexical form
        }
        return abs.startsWith(root);
    }

    // ---------------------------------------------------------------- resolution

    /** Resolves every component, the final one too, inside the root. The result may not exist. */
    public Path resolve(String targetPath) throws TargetPathException {
        return root.resolve(relative(chase(targetPath, true)));
    }

    /** Resolves the parent inside the root and keeps the final name as it is (lstat semantics). */
    public Path resolveNoFollow(String targetPath) throws TargetPathException {
        return root.resolve(relative(chase(targetPath, false)));
    }

    /** The target path that {@link #resolve} ends at: where the data really lives inside the root. */
    public String canonical(String targetPath) throws TargetPathException {
        return TargetPaths.join(chase(targetPath, true));
    }

    /** The target path with its parent canonicalised and its final component kept. */
    public String canonicalNoFollow(String targetPath) throws TargetPathException {
        return TargetPaths.join(chase(targetPath, false));
    }

    private static String relative(List<String> names) {
        return names.isEmpty() ? "" : String.join("/", names);
    }

    private List<String> chase(String targetPath, boolean followFinal) throws TargetPathException {
        if (targetPath == null || targetPath.isEmpty()) {
            throw new TargetPathException(String.valueOf(targetPath), "empty path");
        }
        if (targetPath.indexOf('\0') >= 0) {
            throw new TargetPathException(targetPath.replace('\0', '?'), "path contains a NUL byte");
        }
        List<String> done = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(TargetPaths.components(targetPath));
        int hops = 0;
        boolean missing = false;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            boolean last = todo.isEmpty();
            done.add(name);
            if (missing || (last && !followFinal)) {
                continue;
            }
            String rel = relative(done);
            if (knownDirs != null && knownDirs.contains(rel)) {
                continue;
            }
            Path host = root.resolve(rel);
            java.nio.file.attribute.BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(host, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                missing = true; // absent, or a parent is no directory: nothing further exists
                continue;
            }
            if (!attrs.isSymbolicLink()) {
                if (knownDirs != null && attrs.isDirectory()) {
                    knownDirs.add(rel);
                }
                continue;
            }
            if (++hops > MAX_SYMLINK_HOPS) {
                throw new TargetPathException(targetPath, "too many levels of symbolic links (loop at "
                        + TargetPaths.join(done) + ")");
            }
            String link;
            try {
                link = Files.readSymbolicLink(host).toString();
            } catch (IOException e) {
                throw new TargetPathException(targetPath, "cannot read symlink " + TargetPaths.join(done), e);
            }
            done.remove(done.size() - 1);
            if (link.startsWith("/")) {
                done.clear();
            }
            List<String> linkNames = TargetPaths.components(link);
            for (int i = linkNames.size() - 1; i >= 0; i--) {
                todo.addFirst(linkNames.get(i));
            }
        }
        return done;
    }

    // ---------------------------------------------------------------- reading

    /** lstat of the node at {@code targetPath} (parent chased, final not followed); null when absent. */
    public FileInfo stat(String targetPath) throws TargetPathException {
        String canon = canonicalNoFollow(targetPath);
        Path host = root.resolve(relative(TargetPaths.components(canon)));
        try {
            return statHost(canon, host);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
        }
    }

    /** stat following the final symlink inside the root; null when absent or dangling. */
    public FileInfo statFollow(String targetPath) throws TargetPathException {
        String canon = canonical(targetPath);
        try {
            return statHost(canon, root.resolve(relative(TargetPaths.components(canon))));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
        }
    }

    public boolean exists(String targetPath) throws TargetPathException {
        return stat(targetPath) != null;
    }

    static FileInfo statHost(String targetPath, Path host) throws IOException {
        return toInfo(targetPath, host, lstat(host));
    }

    private static Map<String, Object> lstat(Path host) throws IOException {
        return Files.readAttributes(host, UNIX_ATTRS, LinkOption.NOFOLLOW_LINKS);
    }

    private static long mtimeSeconds(Map<String, Object> a) {
        return ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.SECONDS);
    }

    private static FileInfo toInfo(String targetPath, Path host, Map<String, Object> a) throws IOException {
        int mode = (Integer) a.get("mode");
        FileType type = FileType.fromMode(mode);
        String link = type == FileType.LINK ? Files.readSymbolicLink(host).toString() : null;
        long rdev = (Long) a.get("rdev");
        return new FileInfo(targetPath, type, mode & 07777, toUnsigned((Integer) a.get("uid")),
                toUnsigned((Integer) a.get("gid")), (Long) a.get("size"), link, rdev,
                List.of(a.get("dev"), a.get("ino")), (Integer) a.get("nlink"));
    }

    private static long toUnsigned(int id) {
        return Integer.toUnsignedLong(id);
    }

    /** Opens a regular file for reading; the path is resolved inside the root, the final node must be a file. */
    public InputStream open(String targetPath) throws TargetPathException {
        Path host = resolve(targetPath);
        try {
            if (!Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new TargetPathException(targetPath, Files.exists(host, LinkOption.NOFOLLOW_LINKS)
                        ? "not a regular file" : "does not exist");
            }
            return Channels.newInputStream(Files.newByteChannel(host, Set.<OpenOption>of(StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS)));
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot read: " + reason(e), e);
        }
    }

    public byte[] read(String targetPath) throws TargetPathException {
        try (InputStream in = open(targetPath)) {
            return in.readAllBytes();
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot read: " + reason(e), e);
        }
    }

    /** Reads a file if it exists as a regular file inside the root, else null. */
    public byte[] readIfExists(String targetPath) throws TargetPathException {
        FileInfo info = statFollow(targetPath);
        return info != null && info.type() == FileType.FILE ? read(targetPath) : null;
    }

    /**
     * The names in a directory (the path resolved inside the root, symlinks included), sorted; empty when it
     * is absent or not a directory.
     */
    public List<String> list(String targetPath) throws TargetPathException {
        FileInfo info = statFollow(targetPath);
        if (info == null || info.type() != FileType.DIR) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        String start = canonical(targetPath);
        walk(start, node -> {
            if (node.path().equals(start)) {
                return true;
            }
            names.add(TargetPaths.name(node.path()));
            return false;
        });
        return names;
    }

    // ---------------------------------------------------------------- writing

    /**
     * {@code mkdir -p} inside the root. Each missing component is created where its resolution points, so a
     * parent that is an absolute symlink ({@code /var/lock -> /run/lock}) gets its target created inside the
     * root, never on the host. New directories get {@code mode}; existing ones are left alone.
     *
     * @return the canonical target path of the directory
     */
    public String mkdirs(String targetPath, int mode) throws TargetPathException {
        String canon = canonical(targetPath);
        Path host = root.resolve(relative(TargetPaths.components(canon)));
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            return canon;
        }
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetPathException(targetPath, "exists and is not a directory");
        }
        if (!canon.equals("/")) {
            mkdirs(TargetPaths.parent(canon), mode);
        }
        try {
            Files.createDirectory(host);
            chmodHost(host, mode);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new TargetPathException(targetPath, "exists and is not a directory");
            }
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot create directory: " + reason(e), e);
        }
        return canon;
    }

    /** The process umask, which creation calls apply; a chmod follows only when it changed the mode. */
    private static final int UMASK = readUmask();

    private static int readUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | RuntimeException e) {
            // assume the worst: always chmod
        }
        return 07777;
    }

    private static java.nio.file.attribute.FileAttribute<?> perms(int mode) {
        return java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString(rwx(mode)));
    }

    private static String rwx(int mode) {
        StringBuilder sb = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
        }
        return sb.toString();
    }

    /** True when creating with {@code mode} under the umask already gave exactly {@code mode}. */
    private static boolean createdExactly(int mode) {
        return (mode & 07000) == 0 && (mode & UMASK) == 0;
    }

    /** Creates one directory whose parent must exist; fails when the name exists. */
    public void mkdir(String targetPath, int mode) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        try {
            Files.createDirectory(host, perms(mode));
            if (!createdExactly(mode)) {
                chmodHost(host, mode);
            }
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot create directory: " + reason(e), e);
        }
    }

    /** Creates or replaces the content of a regular file; never writes through a symlink. */
    public void write(String targetPath, byte[] content) throws TargetPathException {
        writeWith(targetPath, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Appends to a regular file, creating it when absent. */
    public void append(String targetPath, byte[] content) throws TargetPathException {
        writeWith(targetPath, content, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Creates an empty file; fails if the name exists. */
    public void createFile(String targetPath, int mode) throws TargetPathException {
        createFile(targetPath, mode, new byte[0]);
    }

    /** Creates a file with {@code content} in one open; fails if the name exists, never follows a symlink. */
    public void createFile(String targetPath, int mode, byte[] content) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        try (SeekableByteChannel ch = Files.newByteChannel(host, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), perms(mode))) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot write: " + reason(e), e);
        }
        if (!createdExactly(mode)) {
            chmod(targetPath, mode);
        }
    }

    /** Truncates an existing regular file to zero length. */
    public void truncate(String targetPath) throws TargetPathException {
        writeWith(targetPath, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    }

    private void writeWith(String targetPath, byte[] content, OpenOption... extra) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        Set<OpenOption> opts = new java.util.HashSet<>(List.of(extra));
        opts.add(StandardOpenOption.WRITE);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel ch = Files.newByteChannel(host, opts)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot write: " + reason(e), e);
        }
    }

    /**
     * Replaces a regular file in one step: the content goes to a temporary sibling that is then renamed over
     * the file, so a run killed at any point leaves either the old or the new file, never a part.
     */
    public void writeAtomically(String targetPath, byte[] content, int mode) throws TargetPathException {
        String path = TargetPaths.normalize(targetPath);
        mkdirs(TargetPaths.parent(path), 0755);
        Path dst = resolveNoFollow(path);
        if (Files.isDirectory(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetPathException(targetPath, "cannot write: is a directory");
        }
        String tmp = TargetPaths.child(TargetPaths.parent(path), "." + TargetPaths.name(path) + ".rootfs-tmp");
        Path tmpHost = resolveNoFollow(tmp);
        try {
            Files.deleteIfExists(tmpHost);
        } catch (IOException e) {
            throw new TargetPathException(tmp, "cannot remove a stale temporary file: " + reason(e), e);
        }
        writeWith(tmp, content, StandardOpenOption.CREATE_NEW);
        chmod(tmp, mode);
        try {
            Files.move(tmpHost, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot replace: " + reason(e), e);
        }
    }

    /** Removes an empty directory (rmdir); fails when it is not empty. */
    public void rmdir(String targetPath) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        try {
            if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new TargetPathException(targetPath, "cannot remove: not a directory");
            }
            Files.delete(host);
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot remove directory: " + reason(e), e);
        }
    }

    /** Creates a symlink; the target text is stored exactly as given (relative or absolute). */
    public void symlink(String targetPath, String linkTarget) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        try {
            Files.createSymbolicLink(host, host.getFileSystem().getPath(linkTarget));
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot create symlink: " + reason(e), e);
        }
    }

    /** Creates a named pipe with {@code mkfifo(1)}, which the JDK has no call for. */
    public void mkfifo(String targetPath, int mode) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetPathException(targetPath, "cannot create fifo: exists");
        }
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", Integer.toOctalString(mode & 0777), "--",
                    host.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new TargetPathException(targetPath, "cannot create fifo: " + out.trim());
            }
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot create fifo: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetPathException(targetPath, "interrupted while creating fifo");
        }
    }

    /**
     * Creates a character or block device node with {@code mknod(1)} (the JDK has no call for it); only root
     * may, so callers record device nodes in the metadata and create them only when ownership is applied.
     */
    public void mknod(String targetPath, FileType type, int mode, long major, long minor) throws TargetPathException {
        if (!type.isDevice()) {
            throw new IllegalArgumentException("not a device type: " + type);
        }
        Path host = resolveNoFollow(targetPath);
        runTool(targetPath, "cannot create device node", "mknod", "-m", Integer.toOctalString(mode & 07777), "--",
                host.toString(), type == FileType.CHAR ? "c" : "b", Long.toString(major), Long.toString(minor));
    }

    /** A hard link at {@code targetPath} to the existing node {@code existing}; both are resolved inside the root. */
    public void hardlink(String targetPath, String existing) throws TargetPathException {
        try {
            Files.createLink(resolveNoFollow(targetPath), resolveNoFollow(existing));
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot link to " + existing + ": " + reason(e), e);
        }
    }

    /** Sets the modification time of a node (the symlink itself, never its target). */
    public void setModifiedTime(String targetPath, java.nio.file.attribute.FileTime time) throws TargetPathException {
        try {
            Files.getFileAttributeView(resolveNoFollow(targetPath), BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot set time: " + reason(e), e);
        }
    }

    /** The modification time of a node, not following a final symlink. */
    public java.nio.file.attribute.FileTime modifiedTime(String targetPath) throws TargetPathException {
        try {
            return Files.getLastModifiedTime(resolveNoFollow(targetPath), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
        }
    }

    /**
     * Sets an extended attribute on disk with {@code setfattr(1)} (any namespace, symlinks not followed); the
     * metadata is where xattrs are recorded, this only mirrors them where the build may.
     */
    public void setXattr(String targetPath, String name, byte[] value) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        runTool(targetPath, "cannot set extended attribute " + name, "setfattr", "-h", "-n", name, "-v",
                "0x" + java.util.HexFormat.of().formatHex(value), "--", host.toString());
    }

    /** The nodes matching a glob(3) pattern (with braces), evaluated inside the root; see {@link TargetGlob}. */
    public List<String> glob(String pattern) throws TargetPathException {
        return TargetGlob.glob(this, pattern);
    }

    private static void runTool(String targetPath, String what, String... command) throws TargetPathException {
        try {
            java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new TargetPathException(targetPath, what + ": " + out.trim());
            }
        } catch (IOException e) {
            throw new TargetPathException(targetPath, what + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetPathException(targetPath, what + ": interrupted");
        }
    }

    /** Sets permission bits (including 07000) on a node that is not a symlink. */
    public void chmod(String targetPath, int mode) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        if (Files.isSymbolicLink(host)) {
            return; // symlink modes are meaningless on Linux and chmod would follow it
        }
        try {
            chmodHost(host, mode);
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot change mode: " + reason(e), e);
        }
    }

    private static void chmodHost(Path host, int mode) throws IOException {
        if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            Files.setAttribute(host, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        // the JDK opens a node to chmod it, which blocks on a fifo and may act on a device: use chmod(1)
        try {
            Process p = new ProcessBuilder("chmod", Integer.toOctalString(mode & 07777), "--", host.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while changing the mode", e);
        }
    }

    /** lchown; only possible as root, callers decide via {@link Ownership}. */
    public void chown(String targetPath, long uid, long gid) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        try {
            Files.setAttribute(host, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(host, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot change owner: " + reason(e), e);
        }
    }

    /**
     * Renames a node within the root (rename(2): atomic, symlinks are moved, not followed). The destination
     * must not exist; its parent is created.
     */
    public void move(String from, String to) throws TargetPathException {
        Path src = resolveNoFollow(from);
        if (knownDirs != null) {
            knownDirs.clear();
        }
        if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetPathException(from, "cannot move: does not exist");
        }
        mkdirs(TargetPaths.parent(TargetPaths.normalize(to)), 0755);
        Path dst = resolveNoFollow(to);
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new TargetPathException(to, "cannot move " + from + " here: destination exists");
        }
        if (dst.startsWith(src)) {
            throw new TargetPathException(to, "cannot move " + from + " into itself");
        }
        try {
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TargetPathException(from, "cannot move to " + to + ": " + reason(e), e);
        }
    }

    /**
     * Copies a subtree within the root, preserving type, mode, symlink targets and times (and owners when the
     * process may). Fifos are recreated; device nodes and sockets are reported, since only their metadata
     * record can carry them.
     */
    public void copyTree(String from, String to) throws TargetPathException {
        String src = canonicalNoFollow(from);
        String dst = TargetPaths.normalize(to);
        if (TargetPaths.isUnder(canonicalNoFollow(dst), src)) {
            throw new TargetPathException(to, "cannot copy " + from + " into itself");
        }
        if (!dst.equals("/")) {
            mkdirs(TargetPaths.parent(dst), 0755);
        }
        List<TargetPathException> problems = new ArrayList<>();
        walk(src, new TreeVisitor() {
            @Override
            public boolean visit(FileInfo info) throws TargetPathException {
                String out = TargetPaths.rebase(info.path(), src, dst);
                Path srcHost = resolveNoFollow(info.path());
                switch (info.type()) {
                    case DIR -> {
                        if (stat(out) == null) {
                            mkdir(out, info.mode() | 0700);
                        }
                    }
                    case FILE -> {
                        try {
                            Files.copy(srcHost, resolveNoFollow(out), StandardCopyOption.COPY_ATTRIBUTES,
                                    LinkOption.NOFOLLOW_LINKS);
                            chmod(out, info.mode());
                        } catch (IOException e) {
                            throw new TargetPathException(info.path(), "cannot copy to " + out + ": " + reason(e), e);
                        }
                    }
                    case LINK -> symlink(out, info.linkTarget());
                    case FIFO -> mkfifo(out, info.mode());
                    default -> problems.add(new TargetPathException(info.path(),
                            "cannot copy a " + info.type().mtreeName() + " node; its metadata record describes it"));
                }
                return true;
            }

            @Override
            public void leave(FileInfo dir) throws TargetPathException {
                String out = TargetPaths.rebase(dir.path(), src, dst);
                chmod(out, dir.mode());
                try {
                    Files.setLastModifiedTime(resolveNoFollow(out),
                            Files.getLastModifiedTime(resolveNoFollow(dir.path()), LinkOption.NOFOLLOW_LINKS));
                } catch (IOException e) {
                    throw new TargetPathException(out, "cannot set time: " + reason(e), e);
                }
            }

            @Override
            public void error(TargetPathException e) {
                problems.add(e);
            }
        });
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    /** Deletes a node and, for a directory, everything below it; symlinks are removed, never followed. */
    public void delete(String targetPath) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        if (knownDirs != null) {
            knownDirs.clear();
        }
        if (host.equals(root)) {
            throw new TargetPathException(targetPath, "refusing to delete the root itself");
        }
        try {
            if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
                    if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                        throw new TargetPathException(targetPath, "this platform cannot delete safely");
                    }
                    deleteChildren(sds, targetPath);
                }
            }
            Files.deleteIfExists(host);
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot delete: " + reason(e), e);
        }
    }

    private static void deleteChildren(SecureDirectoryStream<Path> dir, String targetPath) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path p : dir) {
            names.add(p.getFileName());
        }
        for (Path name : names) {
            String child = TargetPaths.child(targetPath, name.toString());
            boolean isDir = dir.getFileAttributeView(name, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
            if (isDir) {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    deleteChildren(sub, child);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }

    // ---------------------------------------------------------------- walking

    /**
     * A node met during a walk, beyond what {@link FileInfo} says: its modification time, and its content
     * opened relative to the parent directory the walk holds open (openat with O_NOFOLLOW), so reading it
     * costs no path resolution and cannot be redirected by a symlink swapped in meanwhile.
     */
    public interface Node {
        /** Modification time in whole seconds since the epoch. */
        long mtimeSeconds();

        /** Opens a regular file for reading. */
        SeekableByteChannel open() throws IOException;
    }

    private record WalkedNode(long mtimeSeconds, SecureDirectoryStream<Path> dir, Path name, Path host)
            implements Node {
        @Override
        public SeekableByteChannel open() throws IOException {
            return dir != null ? dir.newByteChannel(name, READ_NOFOLLOW) : Files.newByteChannel(host, READ_NOFOLLOW);
        }
    }

    /** Receives the nodes of a walk in sorted order, parents before children. */
    public interface TreeVisitor {
        /** Called for every node; return false to not descend into a directory. */
        boolean visit(FileInfo info) throws TargetPathException;

        /** Called for every node instead of {@link #visit(FileInfo)} by walks; override to read the node. */
        default boolean visit(FileInfo info, Node node) throws TargetPathException {
            return visit(info);
        }

        /** Called after a directory's children. */
        default void leave(FileInfo dir) throws TargetPathException {
        }

        /** A node that could not be read, or changed while the walk ran; the walk goes on. */
        default void error(TargetPathException e) throws TargetPathException {
            throw e;
        }
    }

    /** The first node of a walk. */
    private record Start(String path, Path host, FileInfo info, Node node) {
    }

    private Start start(String targetPath) throws TargetPathException {
        String start = canonicalNoFollow(targetPath);
        Path host = root.resolve(relative(TargetPaths.components(start)));
        try {
            Map<String, Object> a = lstat(host);
            return new Start(start, host, toInfo(start, host, a), new WalkedNode(mtimeSeconds(a), null, null, host));
        } catch (NoSuchFileException e) {
            throw new TargetPathException(targetPath, "does not exist");
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
        }
    }

    /**
     * Walks the tree at {@code targetPath} (its parent chased, itself not followed) without following any
     * symlink, children sorted by {@link TargetPaths#compareNames}. Each directory is opened relative to its
     * parent's descriptor with O_NOFOLLOW, so a directory replaced by a symlink mid-walk is reported via
     * {@link TreeVisitor#error} instead of being listed.
     */
    public void walk(String targetPath, TreeVisitor visitor) throws TargetPathException {
        Start top = start(targetPath);
        String start = top.path();
        Path host = top.host();
        FileInfo info = top.info();
        if (!visitor.visit(info, top.node()) || info.type() != FileType.DIR) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
            if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                throw new TargetPathException(targetPath, "this platform cannot walk directories safely");
            }
            walkDir(sds, host, start, visitor);
        } catch (TargetPathException e) {
            throw e;
        } catch (IOException e) {
            visitor.error(new TargetPathException(start, "cannot list directory: " + reason(e), e));
        }
        visitor.leave(info);
    }

    private void walkDir(SecureDirectoryStream<Path> dir, Path dirHost, String dirPath, TreeVisitor visitor)
            throws TargetPathException {
        List<String> names = new ArrayList<>();
        for (Path p : dir) {
            names.add(p.getFileName().toString());
        }
        names.sort(TargetPaths::compareNames);
        for (String name : names) {
            String childPath = TargetPaths.child(dirPath, name);
            Path childHost = dirHost.resolve(name);
            FileInfo info;
            Node node;
            try {
                Map<String, Object> a = lstat(childHost);
                info = toInfo(childPath, childHost, a);
                node = new WalkedNode(mtimeSeconds(a), dir, childHost.getFileName(), childHost);
            } catch (IOException e) {
                visitor.error(new TargetPathException(childPath, "vanished or unreadable during the walk: "
                        + reason(e), e));
                continue;
            }
            if (!visitor.visit(info, node) || info.type() != FileType.DIR) {
                continue;
            }
            try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(childHost.getFileName(),
                    LinkOption.NOFOLLOW_LINKS)) {
                walkDir(sub, childHost, childPath, visitor);
            } catch (FileSystemException e) {
                visitor.error(new TargetPathException(childPath,
                        "changed during the walk (no longer a directory), not followed: " + reason(e), e));
                continue;
            } catch (IOException e) {
                visitor.error(new TargetPathException(childPath, "cannot list directory: " + reason(e), e));
                continue;
            }
            visitor.leave(info);
        }
    }

    /**
     * Like {@link #walk}, with the same order and visitor calls, but directories are listed and their nodes
     * stat'ed ahead on all cores while the visitor runs in the caller's thread. For read-only consumers such as
     * listings and archives. Each directory is opened by path and then checked to be the very directory (same
     * device and inode) that its parent listed, so a directory swapped for a symlink is reported, not read.
     */
    public void walkParallel(String targetPath, TreeVisitor visitor) throws TargetPathException {
        Start top = start(targetPath);
        Path host = top.host();
        FileInfo info = top.info();
        if (!visitor.visit(info, top.node()) || info.type() != FileType.DIR) {
            return;
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            Object key;
            try {
                key = Files.readAttributes(host, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
            } catch (IOException e) {
                throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
            }
            consume(pool.submit(new DirScanTask(host, info, key)).join(), visitor);
            visitor.leave(info);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void consume(DirScan scan, TreeVisitor visitor) throws TargetPathException {
        if (scan.error != null) {
            visitor.error(scan.error);
            return;
        }
        for (int i = 0; i < scan.children.size(); i++) {
            Object child = scan.children.get(i);
            if (child instanceof TargetPathException e) {
                visitor.error(e);
                continue;
            }
            Scanned sc = (Scanned) child;
            FileInfo ci = sc.info();
            DirScanTask sub = scan.subdirs.get(i);
            if (!visitor.visit(ci, sc.node()) || sub == null) {
                if (sub != null) {
                    sub.cancel(false);
                }
                continue;
            }
            DirScan s = sub.join();
            consume(s, visitor);
            if (s.error == null) {
                visitor.leave(ci);
            }
        }
    }

    /** A node found by the parallel walk; its content is opened by path, without following symlinks. */
    private record Scanned(FileInfo info, Node node) {
    }

    /** One listed directory: its children (Scanned or the error for that name) and tasks for subdirectories. */
    private static final class DirScan {
        final List<Object> children = new ArrayList<>();
        final List<DirScanTask> subdirs = new ArrayList<>();
        TargetPathException error;
    }

    private static final class DirScanTask extends java.util.concurrent.RecursiveTask<DirScan> {
        private static final long serialVersionUID = 1L;
        private final transient Path host;
        private final transient FileInfo dir;
        private final transient Object expectedKey;

        DirScanTask(Path host, FileInfo dir, Object expectedKey) {
            this.host = host;
            this.dir = dir;
            this.expectedKey = expectedKey;
        }

        @Override
        protected DirScan compute() {
            DirScan scan = new DirScan();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
                if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                    scan.error = new TargetPathException(dir.path(), "this platform cannot walk directories safely");
                    return scan;
                }
                if (!java.util.Objects.equals(expectedKey, sds.getFileAttributeView(BasicFileAttributeView.class)
                        .readAttributes().fileKey())) {
                    scan.error = new TargetPathException(dir.path(),
                            "changed during the walk (no longer the directory that was listed), not followed");
                    return scan;
                }
                List<Path> names = new ArrayList<>();
                for (Path p : sds) {
                    names.add(p.getFileName());
                }
                names.sort((a, b) -> TargetPaths.compareNames(a.toString(), b.toString()));
                for (Path name : names) {
                    String childPath = TargetPaths.child(dir.path(), name.toString());
                    Path childHost = host.resolve(name);
                    try {
                        Map<String, Object> a = lstat(childHost);
                        FileInfo info = toInfo(childPath, childHost, a);
                        scan.children.add(new Scanned(info, new WalkedNode(mtimeSeconds(a), null, null, childHost)));
                        DirScanTask sub = null;
                        if (info.type() == FileType.DIR) {
                            // the key comes from the open parent, so the child is checked against what was listed
                            Object key = sds.getFileAttributeView(name, BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS).readAttributes().fileKey();
                            sub = new DirScanTask(childHost, info, key);
                            sub.fork();
                        }
                        scan.subdirs.add(sub);
                    } catch (IOException e) {
                        scan.children.add(new TargetPathException(childPath, "vanished or unreadable during the walk: "
                                + reason(e), e));
                        scan.subdirs.add(null);
                    }
                }
            } catch (IOException e) {
                scan.error = new TargetPathException(dir.path(), "changed during the walk or unreadable, not followed: "
                        + reason(e), e);
            }
            return scan;
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
