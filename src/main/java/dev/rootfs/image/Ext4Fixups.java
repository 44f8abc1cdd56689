package dev.rootfs.image;

import dev.rootfs.fs.DiskXattrs;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

/**
 * An ext4 image without root, the way Android's e2fsdroid does it: {@code mke2fs -d} copies the tree (content,
 * holes, hard links, symlinks) with the build user's view of owners and modes, then one {@code debugfs -w}
 * script sets every inode's owner, mode and times from the canonical listing, creates the device nodes only the
 * metadata knows, and replaces the xattrs with the listing's. mke2fs's own {@code lost+found} is removed unless
 * the root has one, so the image holds exactly the listing.
 */
final class Ext4Fixups {
    private static final int BLOCK = 4096;
    private static final int INODE_SIZE = 256;

    private final GoalRun run;
    private final ImageService.Options options;
    private final LongUnaryOperator clamp;

    Ext4Fixups(GoalRun run, ImageService.Options options, LongUnaryOperator clamp) {
        this.run = run;
        this.options = options;
        this.clamp = clamp;
    }

    ImageService.Built build(ImageTool.Found mke2fs, ImageTool.Found debugfs, Path tmp, String uuid,
            List<String> commands) throws IOException, ProblemsException {
        Path work = Files.createTempDirectory(tmp.getParent(), ".rootfs-ext4-");
        try {
            return build(mke2fs, debugfs, tmp, uuid, commands, work);
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private ImageService.Built build(ImageTool.Found mke2fs, ImageTool.Found debugfs, Path tmp, String uuid,
            List<String> commands, Path work) throws IOException, ProblemsException {
        Map<String, SortedMap<String, String>> onDisk;
        try {
            onDisk = DiskXattrs.read(run.root(), "/"); // what mke2fs -d copies, whatever the listing says
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
        Path script = work.resolve("fixups.debugfs");
        long[] counts = new long[4]; // entries, bytes, blocks, value files
        Set<Object> seenInodes = new HashSet<>();
        boolean[] hasLostFound = {false};
        try (Writer w = Files.newBufferedWriter(script, StandardCharsets.UTF_8)) {
            List<Problem> problems = ImageService.walk(run, (e, node, disk) -> {
                if (e.path().equals("/lost+found")) {
                    hasLostFound[0] = true;
                }
                if (e.type() == FileType.SOCKET && disk == null) {
                    run.report().problem(Problem.warning(e.path(), "debugfs cannot create a socket; left out"));
                    return;
                }
                String q = quote(e.path(), run);
                if (q == null) {
                    return;
                }
                counts[0]++;
                if (disk != null && disk.type() == FileType.FILE && disk.nlink() > 1
                        && !seenInodes.add(disk.inode())) {
                    return; // the first name set the shared inode
                }
                if (disk != null && disk.type() == FileType.FILE) {
                    counts[1] += disk.size();
                    counts[2] += (disk.size() + BLOCK - 1) / BLOCK;
                } else if (e.type() == FileType.DIR) {
                    counts[2] += 1;
                } else if (e.type() == FileType.LINK && e.link() != null && e.link().length() > 59) {
                    counts[2] += 1;
                }
                if (disk == null && e.type().isDevice()) {
                    // mknod takes a name in the current directory, not a path
                    String parent = e.path().substring(0, e.path().lastIndexOf('/'));
                    w.write("cd " + quote(parent.isEmpty() ? "/" : parent, run) + "\nmknod "
                            + quote(e.path().substring(parent.length() + 1), run) + " "
                            + (e.type() == FileType.CHAR ? "c" : "b") + " " + e.devMajor() + " " + e.devMinor()
                            + "\ncd /\n");
                }
                if (e.type() != FileType.LINK) {
                    w.write("sif " + q + " mode 0" + Integer.toOctalString(typeBits(e.type()) | (e.mode() & 07777))
                            + "\n");
                }
                w.write("sif " + q + " uid " + e.uid() + "\nsif " + q + " gid " + e.gid() + "\n");
                long t = clamp.applyAsLong(node == null ? -1 : node.mtimeSeconds());
                for (String f : List.of("atime", "mtime", "ctime", "crtime")) {
                    w.write("sif " + q + " " + f + " @" + t + "\n");
                }
                for (String f : List.of("atime_extra", "mtime_extra", "ctime_extra", "crtime_extra")) {
                    w.write("sif " + q + " " + f + " 0\n");
                }
                SortedMap<String, String> copied = onDisk.get(e.path());
                if (copied != null) {
                    for (String name : copied.keySet()) {
                        if (!e.xattrs().containsKey(name)) {
                            w.write("ea_rm " + q + " " + name + "\n");
                        }
                    }
                }
                for (Map.Entry<String, String> x : e.xattrs().entrySet()) {
                    Path value = work.resolve("value-" + counts[3]++);
                    Files.write(value, Base64.getDecoder().decode(x.getValue()));
                    w.write("ea_set -f \"" + value + "\" " + q + " " + x.getKey() + "\n");
                }
            });
            problems.forEach(run.report()::problem);
            if (!hasLostFound[0]) {
                w.write("rmdir /lost+found\n");
            }
        }
        if (run.failOnError() && !run.report().errors().isEmpty()) {
            return new ImageService.Built(counts[0], counts[1]);
        }
        long inodes = options.inodes() != null ? options.inodes() : counts[0] + 16;
        long bytes;
        if (options.size() != null) {
            bytes = options.size();
        } else {
            // data, inode tables and a tenth for bitmaps, group descriptors and directory growth
            long raw = counts[2] * BLOCK + inodes * INODE_SIZE;
            bytes = raw + raw / 10 + (4L << 20) + options.extraSpace();
        }
        long kib = (bytes + (1 << 20) - 1) / (1 << 20) * 1024;
        run.report().detail("inodes", inodes);
        Long ts = options.timestamp();
        Map<String, String> env = ts == null ? Map.of()
                : Map.of("E2FSPROGS_FAKE_TIME", ts.toString(), "SOURCE_DATE_EPOCH", ts.toString());
        List<String> mk = new ArrayList<>(List.of(mke2fs.path().toString(), "-q", "-F", "-t", "ext4", "-b",
                Integer.toString(BLOCK), "-I", Integer.toString(INODE_SIZE), "-N", Long.toString(inodes), "-m", "0",
                "-O", "^has_journal", "-U", uuid, "-E", "hash_seed=" + uuid + ",lazy_itable_init=0",
                "-d", run.root().hostRoot().toString()));
        if (options.label() != null) {
            mk.addAll(List.of("-L", options.label()));
        }
        mk.add(tmp.toString());
        mk.add(kib + "k");
        commands.add(env.isEmpty() ? String.join(" ", mk) : "E2FSPROGS_FAKE_TIME=" + ts + " " + String.join(" ", mk));
        ToolProcess.run(mk, env, null, null);
        List<String> dbg = List.of(debugfs.path().toString(), "-w", "-f", script.toString(), tmp.toString());
        commands.add(String.join(" ", dbg));
        String out = ToolProcess.run(dbg, env, null, null);
        // debugfs goes on after a failed command and exits 0: its complaints are the errors
        for (String line : out.split("\n")) {
            if (!line.isBlank() && !line.startsWith("debugfs ") && !line.startsWith("debugfs:")
                    && !line.startsWith("Allocated inode:")) {
                run.report().problem(Problem.error(options.image().toString(), "debugfs: " + line.strip()));
            }
        }
        return new ImageService.Built(counts[0], counts[1]);
    }

    private static int typeBits(FileType t) {
        return switch (t) {
            case DIR -> 0040000;
            case CHAR -> 0020000;
            case BLOCK -> 0060000;
            case FIFO -> 0010000;
            case SOCKET -> 0140000;
            case LINK -> 0120000;
            default -> 0100000;
        };
    }

    /**
     * A path as one debugfs argument: in double quotes, which keep spaces. debugfs has no escape for a double
     * quote or a line break inside a name, so such a name is refused.
     */
    private static String quote(String path, GoalRun run) {
        if (path.indexOf('"') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\\') >= 0) {
            run.report().problem(Problem.error(path, "debugfs cannot address a name holding a double quote, a "
                    + "backslash or a line break: rename it, or build a squashfs or erofs image"));
            return null;
        }
        return "\"" + path + "\"";
    }
}
