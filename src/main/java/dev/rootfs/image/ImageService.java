package dev.rootfs.image;

import dev.rootfs.fs.AtomicOutput;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TreeWalk;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.ConfigurationException;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code image} goal's work: a squashfs, erofs or ext4 image of the target root made by the real tool,
 * owners, modes, device nodes and xattrs taken from the canonical listing (the metadata over the disk), never
 * from the build user's view of the disk, so no privilege is needed. squashfs and erofs read our own pax tar
 * stream on their standard input ({@code sqfstar}, {@code mkfs.erofs --tar=f}); ext4 is populated from the
 * tree by {@code mke2fs -d} and then corrected by a {@code debugfs -w} script ({@link Ext4Fixups}).
 *
 * <p>Reproducible: file times are clamped to the build's timestamp, the file system's own times set to it, and
 * UUIDs, hash seeds and the verity salt derived from the project's identity and that timestamp. Every output is
 * written under a temporary name and renamed when all are complete.
 */
public final class ImageService implements Goal<ImageService.Result> {
    private static final int VERITY_BLOCK = 4096;
    private static final Pattern ROOT_HASH = Pattern.compile("(?m)^Root hash:\\s*([0-9a-f]+)\\s*$");

    /**
     * @param type          squashfs, erofs or ext4
     * @param image         the image file; the verity tree, root hash and checksums go beside it
     * @param compression   one of the type's compressions, or null for its default
     * @param blockSize     squashfs data block size in bytes, or null for the tool's default
     * @param timestamp     epoch seconds file times are clamped to and the file system is dated, or null
     * @param identity      what UUIDs and salts are derived from (the project's coordinates), never null
     * @param uuid          a file-system UUID that overrides the derived one, or null
     * @param verity        also format a dm-verity hash tree and write the root hash
     * @param verityAppend  append the hash tree to the image instead of writing {@code <image>.verity}
     * @param size          ext4 image size in bytes, or null to compute it from the content
     * @param extraSpace    ext4 bytes added to the computed size
     * @param label         ext4 volume label, or null
     * @param inodes        ext4 inode count, or null to compute it from the content
     * @param toolDirectory searched for the tools before the PATH, or null
     */
    public record Options(ImageType type, Path image, String compression, Integer blockSize, Long timestamp,
            String identity, String uuid, boolean verity, boolean verityAppend, Long size, long extraSpace,
            String label, Long inodes, Path toolDirectory) {

        public Options {
            if (type == null || image == null) {
                throw new ConfigurationException("the image needs a type and a file");
            }
            compression = type.compression(compression);
            identity = identity == null ? "" : identity;
            if (uuid != null && !uuid.isBlank()) {
                try {
                    uuid = UUID.fromString(uuid.trim()).toString();
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("imageUuid '" + uuid + "' is not a UUID");
                }
            } else {
                uuid = null;
            }
            if (blockSize != null && (blockSize < 4096 || blockSize > (1 << 20) || Integer.bitCount(blockSize) != 1)) {
                throw new ConfigurationException("imageBlockSize " + blockSize
                        + " must be a power of two from 4096 to 1048576");
            }
            if (size != null && size <= 0 || extraSpace < 0 || inodes != null && inodes <= 0) {
                throw new ConfigurationException("imageSize, imageExtraSpace and imageInodes must be positive");
            }
            if (label != null && label.getBytes(StandardCharsets.UTF_8).length > 16) {
                throw new ConfigurationException("imageLabel '" + label + "' is longer than 16 bytes");
            }
        }

        /** The options for {@code type} written to {@code image}, everything else at its default. */
        public static Options of(ImageType type, Path image) {
            return new Options(type, image, null, null, null, "", null, false, false, null, 0, null, null, null);
        }

        public Options withCompression(String c) {
            return new Options(type, image, c, blockSize, timestamp, identity, uuid, verity, verityAppend, size,
                    extraSpace, label, inodes, toolDirectory);
        }

        public Options withBlockSize(Integer b) {
            return new Options(type, image, compression, b, timestamp, identity, uuid, verity, verityAppend, size,
                    extraSpace, label, inodes, toolDirectory);
        }

        public Options withTimestamp(Long t) {
            return new Options(type, image, compression, blockSize, t, identity, uuid, verity, verityAppend, size,
                    extraSpace, label, inodes, toolDirectory);
        }

        public Options withIdentity(String id, String fixedUuid) {
            return new Options(type, image, compression, blockSize, timestamp, id, fixedUuid, verity, verityAppend,
                    size, extraSpace, label, inodes, toolDirectory);
        }

        public Options withVerity(boolean on, boolean append) {
            return new Options(type, image, compression, blockSize, timestamp, identity, uuid, on, append, size,
                    extraSpace, label, inodes, toolDirectory);
        }

        public Options withExt4(Long fixedSize, long extra, String volumeLabel, Long inodeCount) {
            return new Options(type, image, compression, blockSize, timestamp, identity, uuid, verity, verityAppend,
                    fixedSize, extra, volumeLabel, inodeCount, toolDirectory);
        }

        public Options withToolDirectory(Path dir) {
            return new Options(type, image, compression, blockSize, timestamp, identity, uuid, verity, verityAppend,
                    size, extraSpace, label, inodes, dir);
        }

        /** {@code <image>.<suffix>}, beside the image. */
        Path beside(String suffix) {
            return image.resolveSibling(image.getFileName() + "." + suffix);
        }
    }

    /**
     * What was written.
     *
     * @param image    the image
     * @param hashTree the separate verity hash tree, or null
     * @param rootHash the verity root hash file, or null
     * @param cmdline  the kernel command-line fragment, or null
     * @param files    every written file (image, verity files, checksums) by kind, for attaching
     */
    public record Result(Path image, Path hashTree, Path rootHash, Path cmdline, Map<String, Path> files,
            long entries, long bytes, String rootHashHex) {
    }

    private final Options options;

    public ImageService(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "image";
    }

    @Override
    public List<Output> outputs() {
        return files().entrySet().stream().map(e -> new Output(e.getKey(), e.getValue())).toList();
    }

    @Override
    public boolean changesRoot() {
        return false; // reads the root and writes beside it
    }

    /** The files a run writes, by kind as {@link Result#files()} names them; also for an image that is up to date. */
    public Map<String, Path> files() {
        Map<String, Path> files = new TreeMap<>();
        files.put("image", options.image().toAbsolutePath().normalize());
        if (options.verity()) {
            if (!options.verityAppend()) {
                files.put("verity", options.beside("verity").toAbsolutePath().normalize());
            }
            files.put("roothash", options.beside("roothash").toAbsolutePath().normalize());
            files.put("cmdline", options.beside("cmdline").toAbsolutePath().normalize());
        }
        new TreeMap<>(files).forEach((k, p) -> files.put(k + ".sha256", p.resolveSibling(p.getFileName() + ".sha256")));
        return files;
    }

    @Override
    public String notDone() {
        return "no image was written";
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        ImageType type = options.type();
        List<ImageTool.Found> tools = new ArrayList<>();
        switch (type) {
            case SQUASHFS -> tools.add(ImageTool.SQFSTAR.require(options.toolDirectory()));
            case EROFS -> tools.add(ImageTool.MKFS_EROFS.require(options.toolDirectory()));
            case EXT4 -> {
                tools.add(ImageTool.MKE2FS.require(options.toolDirectory()));
                tools.add(ImageTool.DEBUGFS.require(options.toolDirectory()));
            }
        }
        ImageTool.Found verity = options.verity() ? ImageTool.VERITYSETUP.require(options.toolDirectory()) : null;
        if (verity != null) {
            tools.add(verity);
        }
        var report = run.report();
        report.detail("type", type.id());
        report.detail("compression", options.compression());
        report.detail("tools", tools.stream().map(ImageTool.Found::describe).toList());
        String uuid = options.uuid() != null ? options.uuid() : derivedUuid("uuid").toString();
        if (type != ImageType.SQUASHFS) {
            report.detail("uuid", uuid); // squashfs has no UUID
        }
        List<String> commands = new ArrayList<>();
        List<AtomicOutput> outputs = new ArrayList<>();
        Map<String, Path> files = new TreeMap<>();
        try {
            AtomicOutput imageOut = open(outputs, options.image());
            Path tmp = imageOut.pathForTool();
            Built built = switch (type) {
                case SQUASHFS -> squashfs(run, tools.get(0), tmp, commands);
                case EROFS -> erofs(run, tools.get(0), tmp, uuid, commands);
                case EXT4 -> new Ext4Fixups(run, options, this::clampedTime).build(tools.get(0), tools.get(1), tmp,
                        uuid, commands);
            };
            List<Problem> errors = run.report().errors();
            if (run.failOnError() && !errors.isEmpty()) {
                throw new ProblemsException("cannot build the " + type.id() + " image of " + run.root().hostRoot()
                        + ", no image was written:", errors);
            }
            long imageBytes = Files.size(tmp);
            report.detail("imageBytes", imageBytes);
            String rootHash = null;
            Path hashTree = null;
            Path rootHashFile = null;
            Path cmdlineFile = null;
            if (verity != null) {
                imageBytes = padTo(tmp, VERITY_BLOCK);
                AtomicOutput treeOut = options.verityAppend() ? null : open(outputs, options.beside("verity"));
                Path treeTmp = treeOut == null ? tmp : treeOut.pathForTool();
                rootHash = verity(verity, tmp, treeTmp, imageBytes, commands);
                report.detail("rootHash", rootHash);
                report.detail("verityHashOffset", options.verityAppend() ? imageBytes : 0);
                if (treeOut != null) {
                    hashTree = treeOut.target();
                    files.put("verity", treeOut.target());
                }
                AtomicOutput hashOut = open(outputs, options.beside("roothash"));
                hashOut.stream().write((rootHash + "\n").getBytes(StandardCharsets.US_ASCII));
                rootHashFile = hashOut.target();
                files.put("roothash", rootHashFile);
                AtomicOutput cmdOut = open(outputs, options.beside("cmdline"));
                cmdOut.stream().write((cmdline(rootHash, imageBytes) + "\n").getBytes(StandardCharsets.US_ASCII));
                cmdlineFile = cmdOut.target();
                files.put("cmdline", cmdlineFile);
            }
            report.detail("fileBytes", Files.size(tmp));
            report.detail("commands", commands);
            report.add("entries", built.entries());
            report.add("bytes", built.bytes());
            files.put("image", options.image().toAbsolutePath().normalize());
            // a checksum of each file beside it, written from the temporary files before any is renamed
            Map<String, Path> sums = new TreeMap<>();
            for (AtomicOutput o : List.copyOf(outputs)) {
                AtomicOutput sum = open(outputs, o.target().resolveSibling(o.target().getFileName() + ".sha256"));
                sum.stream().write((sha256(o.temporary()) + "  " + o.target().getFileName() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                String kind = files.entrySet().stream().filter(x -> x.getValue().equals(o.target()))
                        .map(Map.Entry::getKey).findFirst().orElse("file");
                sums.put(kind + ".sha256", sum.target());
            }
            files.putAll(sums);
            for (AtomicOutput o : outputs) {
                o.commit();
            }
            return new Result(imageOut.target(), hashTree, rootHashFile, cmdlineFile, files, built.entries(),
                    built.bytes(), rootHash);
        } finally {
            for (AtomicOutput o : outputs) {
                o.close();
            }
        }
    }

    @Override
    public String summary(Result r, GoalRun run) {
        return options.type().id() + " image of " + r.entries() + " entries written to " + r.image()
                + (r.rootHashHex() == null ? "" : ", verity root hash " + r.rootHashHex())
                + (run.report().problems().isEmpty() ? "" : " (" + run.report().problems().size() + " warnings)");
    }

    /** How many entries and bytes of file data went into the image. */
    record Built(long entries, long bytes) {
    }

    private Built squashfs(GoalRun run, ImageTool.Found tool, Path tmp, List<String> commands)
            throws IOException, ProblemsException {
        MetaEntry rootEntry = rootEntry(run);
        List<String> cmd = new ArrayList<>(List.of(tool.path().toString(), "-quiet", "-no-progress", "-reproducible",
                "-exit-on-error", "-comp", options.compression()));
        if (options.blockSize() != null) {
            cmd.addAll(List.of("-b", Integer.toString(options.blockSize())));
        }
        // sqfstar takes no attributes from the tar's "./" entry: the root's come as options, which 4.5 ignores
        // for the owner (the root directory is the build user's) and the time (the wall clock)
        boolean rootOptions = ImageTool.compare(tool.version(), "4.6") >= 0;
        if (!rootOptions && !(rootEntry.uid() == 0 && rootEntry.gid() == 0 && dev.rootfs.fs.Ownership.Process.isRoot())) {
            throw new ProblemsException("sqfstar " + tool.version() + " at " + tool.path() + " is too old: version 4.6 "
                    + "or later is needed to give the root directory its owner " + rootEntry.uid() + ":"
                    + rootEntry.gid() + " in an unprivileged build, from the Debian package squashfs-tools");
        }
        cmd.addAll(List.of("-root-mode", Integer.toOctalString(rootEntry.mode() & 07777),
                "-root-uid", Long.toString(rootEntry.uid()), "-root-gid", Long.toString(rootEntry.gid())));
        if (options.timestamp() != null) {
            cmd.addAll(List.of("-mkfs-time", Long.toString(options.timestamp())));
            try {
                cmd.addAll(rootOptions ? List.of("-root-time", Long.toString(clampedTime(
                        run.root().modifiedTime("/").toMillis() / 1000)))
                        // every time set to the timestamp: the only reproducible choice left
                        : List.of("-all-time", Long.toString(options.timestamp())));
            } catch (TargetPathException e) {
                throw new ProblemsException(e.getMessage());
            }
        }
        cmd.add(tmp.toString());
        commands.add(String.join(" ", cmd) + " < (tar stream)");
        return streamTar(run, cmd, true);
    }

    private Built erofs(GoalRun run, ImageTool.Found tool, Path tmp, String uuid, List<String> commands)
            throws IOException, ProblemsException {
        List<String> cmd = new ArrayList<>(List.of(tool.path().toString(), "--quiet", "--tar=f", "-b", "4096",
                "-U", uuid));
        if (!options.compression().equals("none")) {
            cmd.add("-z" + options.compression());
        }
        if (options.timestamp() != null) {
            // the build time only: the files keep their own (already clamped) times
            cmd.addAll(List.of("-T", Long.toString(options.timestamp()), "--mkfs-time"));
        }
        cmd.add(tmp.toString());
        commands.add(String.join(" ", cmd) + " < (tar stream)");
        return streamTar(run, cmd, false);
    }

    /** The root directory's entry as the image holds it. */
    private MetaEntry rootEntry(GoalRun run) throws ProblemsException {
        try {
            FileInfo info = run.root().stat("/");
            return Listing.merge(info, run.metadata().get("/"), run.ownership().applies(), new ArrayList<>());
        } catch (TargetPathException e) {
            throw new ProblemsException("cannot read the root: " + e.getMessage());
        }
    }

    /** Runs the tool with our tar stream of the root on its standard input. */
    private Built streamTar(GoalRun run, List<String> cmd, boolean dropAcls) throws IOException, ProblemsException {
        long[] counts = new long[3];
        ToolProcess.run(cmd, Map.of(), null, stdin -> {
            TarWriter tar = new TarWriter(new BufferedOutputStream(stdin, 1 << 17));
            Map<Object, String> firstLinks = new HashMap<>();
            List<Problem> problems = walk(run, (e, node, disk) -> {
                if (dropAcls) {
                    e = withoutAcls(e, counts);
                }
                String hardLinkTo = null;
                if (e.type() == FileType.FILE && disk != null && disk.type() == FileType.FILE && disk.nlink() > 1) {
                    hardLinkTo = firstLinks.putIfAbsent(disk.inode(), ArchiveItem.archiveName(e.path()));
                }
                boolean data = e.type() == FileType.FILE && disk != null && disk.type() == FileType.FILE;
                long mtime = clampedTime(node == null ? -1 : node.mtimeSeconds());
                ArchiveItem item = new ArchiveItem(e.withOwner(e.uid(), null).withGroup(e.gid(), null),
                        ArchiveItem.archiveName(e.path()), mtime, data ? disk.size() : 0, hardLinkTo);
                if (!tar.supports(item)) {
                    run.report().problem(Problem.warning(e.path(), "a " + e.type().mtreeName()
                            + " cannot be stored in a tar stream; left out of the image"));
                    return;
                }
                counts[0]++;
                if (!data || item.size() == 0 || hardLinkTo != null) {
                    tar.add(item, null);
                    return;
                }
                SeekableByteChannel in;
                try {
                    in = node.open();
                } catch (IOException ex) {
                    run.report().problem(Problem.error(e.path(), "cannot read: " + ex.getMessage()));
                    // the entry stays, empty: the run fails on the error before the image is renamed into place
                    tar.add(new ArchiveItem(item.entry(), item.name(), mtime, 0, null), null);
                    return;
                }
                try (in) {
                    tar.add(item, in);
                    counts[1] += item.size();
                } catch (ArchiveWriter.ContentSizeException ex) {
                    run.report().problem(Problem.error(e.path(), ex.getMessage()));
                }
            });
            problems.forEach(run.report()::problem);
            tar.finish();
        });
        if (counts[2] > 0) {
            run.report().problem(Problem.warning("/", "squashfs cannot hold POSIX ACLs: the ACLs of " + counts[2]
                    + (counts[2] == 1 ? " entry are" : " entries are") + " left out of the image (erofs and ext4 keep them)"));
        }
        return new Built(counts[0], counts[1]);
    }

    private static MetaEntry withoutAcls(MetaEntry e, long[] counts) {
        if (e.xattrs().keySet().stream().noneMatch(k -> k.startsWith("system.posix_acl_"))) {
            return e;
        }
        counts[2]++;
        SortedMap<String, String> x = new TreeMap<>(e.xattrs());
        x.keySet().removeIf(k -> k.startsWith("system.posix_acl_"));
        return e.withXattrs(x);
    }

    /** Receives each entry of the image in path order. */
    interface EntrySink {
        void accept(MetaEntry e, TreeWalk.Node node, FileInfo disk) throws IOException;
    }

    /** The canonical listing of the whole root (metadata over disk), handed to {@code sink} in path order. */
    static List<Problem> walk(GoalRun run, EntrySink sink) throws IOException, ProblemsException {
        try {
            return Listing.generate(run.root(), "/", run.metadata(), run.users(),
                    new Listing.Options(false, run.ownership().applies()), (Listing.NodeSink) (e, node, disk) -> {
                        try {
                            sink.accept(e, node, disk);
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (TargetPathException e) {
            throw new ProblemsException("cannot walk the root: " + e.getMessage());
        }
    }

    /** A node's time in the image: clamped to the timestamp; nodes only the metadata knows (-1) get it. */
    long clampedTime(long seconds) {
        Long ts = options.timestamp();
        if (seconds < 0) {
            return ts == null ? 0 : ts;
        }
        return ts == null ? seconds : Math.min(seconds, ts);
    }

    /** A name-based UUID from the project's identity, the type and the timestamp: the same build, the same UUID. */
    UUID derivedUuid(String purpose) {
        return UUID.nameUUIDFromBytes(seed(purpose).getBytes(StandardCharsets.UTF_8));
    }

    private String seed(String purpose) {
        return "rootfs-image\n" + options.identity() + "\n" + options.type().id() + "\n"
                + (options.timestamp() == null ? "" : options.timestamp()) + "\n" + purpose;
    }

    private String verity(ImageTool.Found tool, Path data, Path tree, long dataBytes, List<String> commands)
            throws IOException, ProblemsException {
        String salt = HexFormat.of().formatHex(digest(seed("verity-salt").getBytes(StandardCharsets.UTF_8)));
        List<String> cmd = new ArrayList<>(List.of(tool.path().toString(), "format",
                "--data-block-size=" + VERITY_BLOCK, "--hash-block-size=" + VERITY_BLOCK,
                "--salt=" + salt, "--uuid=" + derivedUuid("verity-uuid")));
        if (tree.equals(data)) {
            cmd.addAll(List.of("--hash-offset=" + dataBytes, "--data-blocks=" + dataBytes / VERITY_BLOCK));
        } else {
            // veritysetup writes into an existing file: it must be there and empty
            Files.write(tree, new byte[0]);
        }
        cmd.add(data.toString());
        cmd.add(tree.toString());
        commands.add(String.join(" ", cmd));
        String out = ToolProcess.run(cmd, Map.of(), null, null);
        Matcher m = ROOT_HASH.matcher(out);
        if (!m.find()) {
            throw new ProblemsException("veritysetup printed no root hash: " + out);
        }
        return m.group(1);
    }

    /** The kernel command line systemd-veritysetup-generator reads; the data device is the user's to add. */
    private String cmdline(String rootHash, long dataBytes) {
        return "roothash=" + rootHash + (options.verityAppend()
                ? " systemd.verity_root_options=hash-offset=" + dataBytes : "");
    }

    /** Pads the image with zeros to a whole number of blocks, as dm-verity needs; returns the new size. */
    private static long padTo(Path file, int block) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long padded = (size + block - 1) / block * block;
            if (padded > size) {
                ch.write(java.nio.ByteBuffer.allocate((int) (padded - size)), size);
            }
            return padded;
        }
    }

    private static AtomicOutput open(List<AtomicOutput> outputs, Path p) throws IOException {
        AtomicOutput o = new AtomicOutput(p);
        outputs.add(o);
        return o;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = sha();
        byte[] buf = new byte[1 << 17];
        try (var in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] digest(byte[] b) {
        return sha().digest(b);
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
