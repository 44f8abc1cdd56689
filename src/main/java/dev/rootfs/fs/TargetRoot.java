package dev.rootfs.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
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

    /** Called by every removal, rename or replacement of a node: a remembered directory may be gone. */
    void forgetDirectories() {
        if (knownDirs != null) {
            knownDirs.clear();
        }
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

    /** The host path of a canonical target path (as {@link #canonical} or {@link #canonicalNoFollow} return). */
    Path hostPath(String canonical) {
        return root.resolve(relative(TargetPaths.components(canonical)));
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
        Path host = hostPath(canon);
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
            return statHost(canon, hostPath(canon));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot stat: " + reason(e), e);
        }
    }

    public boolean exists(String targetPath) throws TargetPathException {
        return stat(targetPath) != null;
    }

    private static FileInfo statHost(String targetPath, Path host) throws IOException {
        return toInfo(targetPath, host, lstat(host));
    }

    static Map<String, Object> lstat(Path host) throws IOException {
        return Files.readAttributes(host, UNIX_ATTRS, LinkOption.NOFOLLOW_LINKS);
    }

    static long mtimeSeconds(Map<String, Object> a) {
        return ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.SECONDS);
    }

    static FileInfo toInfo(String targetPath, Path host, Map<String, Object> a) throws IOException {
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

    /**
     * Like {@link #list}, but a path that is absent or no directory (after following it inside the root) is
     * an error, as opening it for reading would be.
     */
    public List<String> listDirectory(String targetPath) throws TargetPathException {
        FileInfo info = statFollow(targetPath);
        if (info == null || info.type() != FileType.DIR) {
            throw new TargetPathException(targetPath, "cannot list: " + (info == null ? "does not exist"
                    : "not a directory"));
        }
        return list(targetPath);
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
        Path host = hostPath(canon);
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

    /**
     * Writes {@code content} into an existing regular file at {@code offset}, keeping what lies before and
     * after it; never writes through a symlink.
     */
    public void writeAt(String targetPath, long offset, byte[] content) throws TargetPathException {
        Path host = resolveNoFollow(targetPath);
        try (SeekableByteChannel ch = Files.newByteChannel(host, Set.of(StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS))) {
            ch.position(offset);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new TargetPathException(targetPath, "cannot write: " + reason(e), e);
        }
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
        forgetDirectories();
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
        runTool(targetPath, "cannot create fifo", "mkfifo", "-m", Integer.toOctalString(mode & 0777), "--",
                host.toString());
        if ((mode & 07000) != 0) {
            chmod(targetPath, mode); // mkfifo(1) refuses setuid, setgid and sticky bits; mkfifo(2) keeps them
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

    /**
     * Copies a regular file with its mode and times to a new node; neither final component is followed and
     * the destination must not exist.
     */
    public void copyFile(String from, String to) throws TargetPathException {
        Path src = resolveNoFollow(from);
        Path dst = resolveNoFollow(to);
        try {
            Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new TargetPathException(from, "cannot copy to " + to + ": " + reason(e), e);
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

    // ---------------------------------------------------------------- trees

    /**
     * Renames a node within the root (rename(2): atomic, symlinks are moved, not followed). The destination
     * must not exist; its parent is created.
     */
    public void move(String from, String to) throws TargetPathException {
        Subtrees.move(this, from, to);
    }

    /**
     * Copies a subtree within the root, preserving type, mode, symlink targets and times (and owners when the
     * process may). Fifos are recreated; device nodes and sockets are reported, since only their metadata
     * record can carry them.
     */
    public void copyTree(String from, String to) throws TargetPathException {
        Subtrees.copy(this, from, to);
    }

    /** Deletes a node and, for a directory, everything below it; symlinks are removed, never followed. */
    public void delete(String targetPath) throws TargetPathException {
        Subtrees.delete(this, targetPath);
    }

    // ---------------------------------------------------------------- walking

    /**
     * Walks the tree at {@code targetPath} (its parent chased, itself not followed) without following any
     * symlink, children sorted by {@link TargetPaths#compareNames}, parents before children; see {@link TreeWalk}.
     */
    public void walk(String targetPath, TreeWalk.Visitor visitor) throws TargetPathException {
        TreeWalk.walk(this, targetPath, visitor);
    }

    /**
     * Like {@link #walk}, with the same order and visitor calls, but directories are listed and their nodes
     * stat'ed ahead on all cores while the visitor runs in the caller's thread. For read-only consumers such as
     * listings and archives.
     */
    public void walkParallel(String targetPath, TreeWalk.Visitor visitor) throws TargetPathException {
        TreeWalk.walkParallel(this, targetPath, visitor);
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
