package dev.rootfs.image;

import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import dev.rootfs.report.Log;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The {@code manifest} goal's work: the canonical listing of the whole target root merged with the metadata,
 * written as mtree. Reads the root, never changes it; writes the listing and the (normalised) metadata.
 */
public final class ManifestService {

    /**
     * @param root        the target root directory
     * @param metadata    the metadata file (may not exist yet)
     * @param output      where the listing goes; must be outside the root
     * @param reportDir   where {@code manifest.json} goes, or null for none
     * @param digests     add {@code sha256digest} for regular files
     * @param ownership   whether owners on disk count for unrecorded entries ({@link Ownership#applies})
     * @param failOnError bad metadata fails the run instead of being skipped with a warning
     */
    public record Request(Path root, Path metadata, Path output, Path reportDir, boolean digests,
            Ownership ownership, boolean failOnError) {
    }

    /** What was written. */
    public record Result(Path output, long entries, List<Problem> problems, Report report) {
    }

    public Result run(Request req, Log log) throws ProblemsException, IOException {
        TargetRoot root;
        try {
            root = TargetRoot.openForGoal(req.root(), req.metadata());
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
        Path output = req.output().toAbsolutePath().normalize();
        try {
            root.requireOutside(output, "manifest output");
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
        Report report = new Report("manifest");
        try (MetadataFile mf = MetadataFile.open(req.metadata())) {
            Metadata md = mf.read(report, req.failOnError(), "nothing was written");
            UserDb users = UserDb.load(root);
            Files.createDirectories(output.getParent());
            Path tmp = output.resolveSibling("." + output.getFileName() + ".tmp");
            long[] count = {0};
            List<Problem> walkProblems;
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp),
                    StandardCharsets.UTF_8), 1 << 16)) {
                w.write(MtreeFormat.HEADER);
                w.write('\n');
                walkProblems = Listing.generate(root, md, users,
                        new Listing.Options(req.digests(), req.ownership().applies()), e -> {
                            write(w, e);
                            count[0]++;
                        });
            } catch (UncheckedIOException e) {
                Files.deleteIfExists(tmp);
                throw e.getCause();
            } catch (TargetPathException e) {
                Files.deleteIfExists(tmp);
                throw new ProblemsException("cannot list the root: " + e.getMessage());
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            walkProblems.forEach(report::problem);
            mf.write(md);
            report.add("entries", count[0]);
            for (Problem p : report.problems()) {
                log.warn(p.toString());
            }
            if (req.reportDir() != null) {
                report.write(req.reportDir());
            }
            return new Result(output, count[0], report.problems(), report);
        }
    }

    private static void write(Writer w, MetaEntry e) {
        try {
            w.write(MtreeFormat.format(e));
            w.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
