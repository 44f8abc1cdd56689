package dev.rootfs.stage;

import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.StagingRoot;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import java.io.IOException;
import java.util.List;

/**
 * The {@code stage} goal's work: builds the root from scratch out of ordered layers in a sibling directory and
 * puts it in place of the old root only when every layer succeeded; the new metadata then replaces the old.
 * Input that cannot be staged leaves the previous root and metadata as they were.
 */
public final class StageService implements Goal<StageService.Result> {

    /**
     * @param layers    the layers, in order; later ones win
     * @param overwrite a later layer may replace a node of another type (a directory by a file, ...)
     */
    public record Options(List<Layer> layers, boolean overwrite) {
        public Options {
            layers = List.copyOf(layers);
        }
    }

    /** What was staged. */
    public record Result(int layers, int recorded) {
    }

    private final Options options;

    public StageService(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "stage";
    }

    @Override
    public boolean buildsRoot() {
        return true;
    }

    @Override
    public List<java.nio.file.Path> inputs() {
        return options.layers().stream().flatMap(l -> l.sources().stream()).toList();
    }

    @Override
    public String notDone() {
        return "the root and its metadata were left as they were";
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        if (options.layers().isEmpty()) {
            throw new ProblemsException("stage: no layers configured, " + notDone());
        }
        try (StagingRoot staged = StagingRoot.begin(run.root().hostRoot())) {
            Staging s = new Staging(staged.root(), run.ownership().applies(), options.overwrite());
            for (Layer layer : options.layers()) {
                s.beginLayer(layer.describe());
                try {
                    layer.apply(s);
                } catch (StageFailure e) {
                    throw new ProblemsException("stage: cannot stage " + layer.describe() + ", " + notDone() + ":",
                            List.of(Problem.error(e.where(), e.reason())));
                }
                run.report().count("layers");
            }
            s.finish();
            staged.commit();
            Metadata md = run.metadata();
            md.removeTree("/");
            for (MetaEntry e : s.metadata().entries()) {
                md.put(e);
            }
            run.report().add("recorded", md.size());
            return new Result(options.layers().size(), md.size());
        }
    }

    @Override
    public String summary(Result r, GoalRun run) {
        return "Staged " + r.layers() + (r.layers() == 1 ? " layer" : " layers") + " into " + run.root().hostRoot()
                + " (" + r.recorded() + " metadata records)";
    }
}
