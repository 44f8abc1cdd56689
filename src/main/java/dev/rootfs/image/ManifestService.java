package dev.rootfs.image;

import dev.rootfs.fs.AtomicOutput;
import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code manifest} goal's work: the canonical listing of the whole target root merged with the metadata,
 * written as mtree. Reads the root, never changes it; the frame writes the (normalised) metadata back.
 */
public final class ManifestService implements Goal<ManifestService.Result> {

    /**
     * @param output  where the listing goes; must be outside the root
     * @param digests add {@code sha256digest} for regular files
     */
    public record Options(Path output, boolean digests) {
    }

    /** What was written. */
    public record Result(Path output, long entries, List<Problem> problems) {
    }

    private final Options options;

    public ManifestService(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "manifest";
    }

    @Override
    public boolean changesRoot() {
        return false; // reads the root and writes beside it
    }

    @Override
    public List<Output> outputs() {
        return List.of(new Output("manifest output", options.output()));
    }

    @Override
    public String notDone() {
        return "nothing was written";
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        long[] count = {0};
        List<Problem> walkProblems;
        Path output;
        // an unfinished listing never replaces the previous one: the temporary file is dropped unless committed
        try (AtomicOutput out = new AtomicOutput(options.output())) {
            Writer w = new BufferedWriter(new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8), 1 << 16);
            w.write(MtreeFormat.HEADER);
            w.write('\n');
            walkProblems = Listing.generate(run.root(), run.metadata(), run.users(),
                    new Listing.Options(options.digests(), run.ownership().applies()), e -> {
                        write(w, e);
                        count[0]++;
                    });
            w.flush();
            out.commit();
            output = out.target();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (TargetPathException e) {
            throw new ProblemsException("cannot list the root: " + e.getMessage());
        }
        walkProblems.forEach(run.report()::problem);
        run.report().add("entries", count[0]);
        return new Result(output, count[0], run.report().problems());
    }

    @Override
    public String summary(Result r, GoalRun run) {
        return "Manifest of " + r.entries() + " entries written to " + r.output()
                + (r.problems().isEmpty() ? "" : " (" + r.problems().size() + " warnings)");
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
