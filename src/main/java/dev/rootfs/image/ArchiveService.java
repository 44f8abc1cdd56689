package dev.rootfs.image;

import dev.rootfs.fs.AtomicOutput;
import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TreeWalk;
import dev.rootfs.fs.UserDb;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code archive} goal's work: one sorted walk of the target root, each node merged with the metadata
 * ({@link Listing}), written to a tar or cpio archive and to the optional exports (mksquashfs pseudo file,
 * makedevs device table, mtree listing). Reads the root and the metadata, changes neither.
 *
 * <p>Every output is written under a temporary name and renamed into place only when the whole run
 * succeeded. Problems with the input (a metadata record for a path the root lacks, a file that cannot be
 * read or shrank while read) are collected over the whole walk; with {@code failOnError} they are all
 * reported together and no output is renamed into place.
 */
public final class ArchiveService implements Goal<ArchiveService.Result> {

    /** What the goal writes; built with {@link #builder(Path)}, every option has the Mojo's default. */
    public static final class Options {
        private final Path output;
        private final ArchiveFormat format;
        private final Compression compression;
        private final Long mtime;
        private final Path pseudoFile;
        private final Path deviceTable;
        private final Path mtreeListing;
        private final boolean numericOwner;

        private Options(Builder b) {
            output = b.output;
            format = b.format;
            compression = b.compression;
            mtime = b.mtime;
            pseudoFile = b.pseudoFile;
            deviceTable = b.deviceTable;
            mtreeListing = b.mtreeListing;
            numericOwner = b.numericOwner;
        }

        /** Options for an archive written to {@code output} (outside the root). */
        public static Builder builder(Path output) {
            return new Builder(output);
        }

        public Path output() {
            return output;
        }

        /** tar (default) or cpio. */
        public ArchiveFormat format() {
            return format;
        }

        /** Compression of the whole archive; default none. */
        public Compression compression() {
            return compression;
        }

        /** Epoch seconds that later mtimes are clamped to, or null (default) to keep the disk's. */
        public Long mtime() {
            return mtime;
        }

        /** mksquashfs pseudo file to write, or null. */
        public Path pseudoFile() {
            return pseudoFile;
        }

        /** makedevs device table to write, or null. */
        public Path deviceTable() {
            return deviceTable;
        }

        /** mtree listing to write, or null. */
        public Path mtreeListing() {
            return mtreeListing;
        }

        /**
         * Store only numeric ids in the tar, no user and group names (default): tools that extract or convert a
         * tar (GNU tar as root, sqfstar) map names through the build host's user database, which would give the
         * host's ids instead of the target's.
         */
        public boolean numericOwner() {
            return numericOwner;
        }

        /** Collects the options; unset ones keep their defaults. */
        public static final class Builder {
            private final Path output;
            private ArchiveFormat format = ArchiveFormat.TAR;
            private Compression compression = Compression.NONE;
            private Long mtime;
            private Path pseudoFile;
            private Path deviceTable;
            private Path mtreeListing;
            private boolean numericOwner = true;

            private Builder(Path output) {
                this.output = java.util.Objects.requireNonNull(output, "output");
            }

            public Builder format(ArchiveFormat v) {
                format = v;
                return this;
            }

            public Builder compression(Compression v) {
                compression = v;
                return this;
            }

            public Builder mtime(Long v) {
                mtime = v;
                return this;
            }

            public Builder pseudoFile(Path v) {
                pseudoFile = v;
                return this;
            }

            public Builder deviceTable(Path v) {
                deviceTable = v;
                return this;
            }

            public Builder mtreeListing(Path v) {
                mtreeListing = v;
                return this;
            }

            public Builder numericOwner(boolean v) {
                numericOwner = v;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }

    /** What was written. */
    public record Result(Path output, long entries, long bytes, List<Path> exports, List<Problem> problems,
            Report report) {
    }

    /** Opens a file's content; the default reads through the walk's open directory. Replaceable in tests. */
    interface ContentOpener {
        SeekableByteChannel open(FileInfo disk, TreeWalk.Node node) throws IOException;
    }

    private final Options options;
    private final ContentOpener opener;

    public ArchiveService(Options options) {
        this(options, (disk, node) -> node.open());
    }

    ArchiveService(Options options, ContentOpener opener) {
        this.options = options;
        this.opener = opener;
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public boolean changesRoot() {
        return false; // reads the root and writes beside it
    }

    @Override
    public List<Output> outputs() {
        return java.util.Arrays.asList(new Output("archive", options.output()),
                new Output("pseudo file", options.pseudoFile()), new Output("device table", options.deviceTable()),
                new Output("mtree listing", options.mtreeListing()));
    }

    @Override
    public String notDone() {
        return "no archive was written";
    }

    /** The archive only reads the metadata: the file stays as it is. */
    @Override
    public boolean writesMetadata() {
        return false;
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        Options req = options;
        TargetRoot root = run.root();
        Report report = run.report();
        Metadata md = run.metadata();
        UserDb users = run.users();
        Set<String> recorded = new LinkedHashSet<>();
        md.entries().forEach(e -> recorded.add(e.path()));

        List<AtomicOutput> outputs = new ArrayList<>();
        try {
            AtomicOutput archiveOut = open(outputs, req.output());
            OutputStream compressed = req.compression().wrap(new BufferedOutputStream(archiveOut.stream(), 1 << 16));
            ArchiveWriter writer = req.format() == ArchiveFormat.CPIO ? new CpioWriter(compressed)
                    : new TarWriter(compressed);
            List<Writer> exportWriters = new ArrayList<>();
            List<MetadataExport> exports = new ArrayList<>();
            if (req.pseudoFile() != null) {
                exports.add(new PseudoFileExport(writer(open(outputs, req.pseudoFile()), exportWriters)));
            }
            if (req.deviceTable() != null) {
                exports.add(new DeviceTableExport(writer(open(outputs, req.deviceTable()), exportWriters)));
            }
            if (req.mtreeListing() != null) {
                exports.add(new MtreeListingExport(writer(open(outputs, req.mtreeListing()), exportWriters)));
            }
            if (writer instanceof CpioWriter cpio) {
                announceHardLinks(root, cpio);
            }

            Walk walk = new Walk(writer, exports, req.mtime(), req.numericOwner(), report);
            List<Problem> listingProblems;
            try {
                listingProblems = Listing.generate(root, "/", md, users,
                        new Listing.Options(false, run.ownership().applies()), (Listing.NodeSink) walk::accept);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (TargetPathException e) {
                throw new ProblemsException("cannot walk the root: " + e.getMessage());
            }
            Set<String> missing = new LinkedHashSet<>();
            recorded.stream().filter(p -> md.get(p) == null).forEach(missing::add);
            // the listing warns about these too; here they are errors, reported once
            listingProblems.stream().filter(p -> !missing.contains(p.where())).forEach(report::problem);
            for (String path : missing) {
                report.problem(Problem.error(path, "the metadata records this path but the root has no such node ("
                        + run.context().metadata() + ")"));
            }
            walk.problems.forEach(report::problem);
            if (run.failOnError() && !report.errors().isEmpty()) {
                writer.close();
                throw new ProblemsException("cannot archive " + root.hostRoot() + ", no archive was written:",
                        report.errors());
            }
            writer.finish();
            for (Writer w : exportWriters) {
                w.close();
            }
            for (MetadataExport x : exports) {
                x.finish();
            }
            List<Path> written = new ArrayList<>();
            for (AtomicOutput o : outputs) {
                o.commit();
                written.add(o.target());
            }
            report.add("entries", walk.entries);
            report.add("bytes", walk.bytes);
            return new Result(written.get(0), walk.entries, walk.bytes, written.subList(1, written.size()),
                    report.problems(), report);
        } finally {
            for (AtomicOutput o : outputs) {
                o.close();
            }
        }
    }

    @Override
    public String summary(Result r, GoalRun run) {
        return "Archived " + r.entries() + " entries (" + r.bytes() + " bytes of file data) to " + r.output()
                + (r.exports().isEmpty() ? "" : ", with " + String.join(", ", r.exports().stream()
                        .map(Path::toString).toList()))
                + (r.problems().isEmpty() ? "" : " (" + r.problems().size() + " warnings)");
    }

    private static AtomicOutput open(List<AtomicOutput> outputs, Path p) throws IOException {
        AtomicOutput o = new AtomicOutput(p);
        outputs.add(o);
        return o;
    }

    private static Writer writer(AtomicOutput o, List<Writer> writers) {
        Writer w = new BufferedWriter(new OutputStreamWriter(o.stream(), StandardCharsets.UTF_8), 1 << 16);
        writers.add(w);
        return w;
    }

    /** cpio puts a hard-linked file's data with its last name, so each group's size must be known first. */
    private static void announceHardLinks(TargetRoot root, CpioWriter cpio) throws IOException {
        Map<Object, String> first = new HashMap<>();
        Map<Object, Integer> count = new HashMap<>();
        root.walk("/", info -> {
            if (info.type() == FileType.FILE && info.nlink() > 1) {
                first.putIfAbsent(info.inode(), ArchiveItem.archiveName(info.path()));
                count.merge(info.inode(), 1, Integer::sum);
            }
            return true;
        });
        count.forEach((inode, n) -> {
            if (n > 1) {
                cpio.expectLinks(first.get(inode), n);
            }
        });
    }

    /** The per-node work of the walk. */
    private final class Walk {
        private final ArchiveWriter writer;
        private final List<MetadataExport> exports;
        private final Long clamp;
        private final boolean numericOwner;
        private final Report report;
        private final Map<Object, MetaEntry> firstLinks = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private long entries;
        private long bytes;

        Walk(ArchiveWriter writer, List<MetadataExport> exports, Long clamp, boolean numericOwner, Report report) {
            this.writer = writer;
            this.exports = exports;
            this.clamp = clamp;
            this.numericOwner = numericOwner;
            this.report = report;
        }

        void accept(MetaEntry e, TreeWalk.Node node, FileInfo disk) {
            try {
                MetaEntry firstLink = null;
                if (e.type() == FileType.FILE && disk != null && disk.type() == FileType.FILE && disk.nlink() > 1) {
                    // names of one inode share its owner and mode: the first name's record speaks for all
                    firstLink = firstLinks.putIfAbsent(disk.inode(), e);
                    if (firstLink != null) {
                        e = new MetaEntry(e.path(), firstLink.type(), firstLink.mode(), firstLink.uid(),
                                firstLink.gid(), firstLink.uname(), firstLink.gname(), null, null, null,
                                firstLink.xattrs(), null);
                    }
                }
                for (MetadataExport x : exports) {
                    x.accept(e, disk, problems);
                }
                archive(numericOwner ? e.withOwner(e.uid(), null).withGroup(e.gid(), null) : e, node, disk,
                        firstLink == null ? null : ArchiveItem.archiveName(firstLink.path()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        private void archive(MetaEntry e, TreeWalk.Node node, FileInfo disk, String hardLinkTo)
                throws IOException {
            String name = ArchiveItem.archiveName(e.path());
            boolean data = e.type() == FileType.FILE && disk != null && disk.type() == FileType.FILE;
            // a device recorded only in the metadata has no node on disk, hence no time of its own
            long mtime = node == null ? (clamp == null ? 0 : clamp)
                    : clamp == null ? node.mtimeSeconds() : Math.min(node.mtimeSeconds(), clamp);
            ArchiveItem item = new ArchiveItem(e, name, mtime, data ? disk.size() : 0, hardLinkTo);
            if (!writer.supports(item)) {
                report.problem(Problem.warning(e.path(), "a " + e.type().mtreeName() + " cannot be stored in this "
                        + "archive format; left out"));
                return;
            }
            boolean wantsContent = data && item.size() > 0 && (writer instanceof CpioWriter cpio
                    ? cpio.wantsContent(item) : hardLinkTo == null);
            if (!wantsContent) {
                writer.add(item, null);
                entries++;
                return;
            }
            SeekableByteChannel in;
            try {
                in = opener.open(disk, node);
            } catch (IOException ex) {
                problems.add(Problem.error(e.path(), "cannot read: " + reason(ex)));
                return;
            }
            try (in) {
                writer.add(item, in);
                bytes += item.size();
            } catch (ArchiveWriter.ContentSizeException ex) {
                problems.add(Problem.error(e.path(), ex.getMessage()));
            }
            entries++;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "vanished during the walk";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
