package dev.rootfs.goal;

import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One goal's own work, run by {@link GoalFrame} between opening the root and metadata and writing them back with
 * the report. An implementation holds its own options (a small record) and nothing of the frame.
 *
 * @param <R> what the goal tells its caller (counts, written paths)
 */
public interface Goal<R> {

    /** A file a goal writes beside the root; it must lie outside the root, where it would end up in the image. */
    record Output(String what, Path path) {
    }

    /** The goal's name; its report is {@code <name>.json}. */
    String name();

    /** The files this goal writes beside the root (null paths are ignored). */
    default List<Output> outputs() {
        return List.of();
    }

    /** Files and trees outside the root that the goal reads (archives, project folders); part of its key. */
    default List<Path> inputs() {
        return List.of();
    }

    /**
     * True for a goal that builds the root from scratch (it need not exist before the run); such a goal makes its
     * own tree and puts it in place itself, so {@link GoalRun#root()} then only names where the root goes. A new
     * chain of up-to-date records starts there.
     */
    default boolean buildsRoot() {
        return false;
    }

    /** Whether the goal may change the root or its metadata; one that only reads them says false. */
    default boolean changesRoot() {
        return true;
    }

    /** What did not happen when the input is refused before any work, e.g. "nothing was changed". */
    default String notDone() {
        return "nothing was changed";
    }

    /**
     * Whether the frame writes the metadata back after the work (normalised, with the goal's changes). A goal
     * that only reads the root and the metadata (an archive) says false and leaves the file as it was.
     */
    default boolean writesMetadata() {
        return true;
    }

    /**
     * Runs once the metadata file is locked and before it is read, to finish what an interrupted earlier run of
     * this goal left half done (the file may be rewritten here).
     */
    default void recover(GoalContext context, TargetRoot root, MetadataFile metadata) throws IOException {
    }

    /**
     * Does the work. Bad input found before anything changed is a {@link ProblemsException}; problems found while
     * working go into {@link GoalRun#report()} and the frame fails the run on them after writing everything back.
     */
    R run(GoalRun run) throws ProblemsException, IOException;

    /** The one line logged when the run finished, e.g. "Manifest of 412 entries written to ...". */
    String summary(R result, GoalRun run);

    /** Logs the problems after the summary line; a goal that words some of them itself overrides it. */
    default void logProblems(R result, GoalRun run) {
        for (Problem p : run.report().problems()) {
            run.log().warn(p.toString());
        }
    }

    /**
     * Called after the metadata and the report are written: fails the run on the errors the work recorded (only
     * with failOnError). A goal overrides it for its own headline.
     */
    default void check(R result, GoalRun run) throws ProblemsException {
        var errors = run.report().errors();
        if (run.failOnError() && !errors.isEmpty()) {
            throw new ProblemsException(name() + ": " + errors.size() + (errors.size() == 1 ? " problem:" : " problems:"),
                    errors);
        }
    }
}
