package dev.rootfs.goal;

import dev.rootfs.fs.Ownership;
import dev.rootfs.report.Log;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every goal runs with, whatever it does: built once by the Mojo (from the parameters all goals share) or by
 * the command line, and handed to {@link GoalFrame}.
 *
 * @param root             the target root directory
 * @param metadata         the ownership metadata file (need not exist yet); must lie outside the root
 * @param reportsDirectory where {@code <goal>.json} goes, or null for no report
 * @param ownership        whether owners also go on disk, and whether owners on disk count
 * @param failOnError      bad input fails the run, listing every problem; otherwise it is skipped with a warning
 * @param log              where the summary and the problems are logged
 * @param configuration    the goal's parameters as stable text, for the up-to-date checks of {@link UpToDate};
 *                         null: no checks, the goal always runs
 * @param force            runs every goal even when it is up to date
 */
public record GoalContext(Path root, Path metadata, Path reportsDirectory, Ownership ownership, boolean failOnError,
        Log log, String configuration, boolean force) {

    public GoalContext {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(ownership, "ownership");
        Objects.requireNonNull(log, "log");
    }

    /** Without up-to-date checks: every goal runs (tests, the command line). */
    public GoalContext(Path root, Path metadata, Path reportsDirectory, Ownership ownership, boolean failOnError,
            Log log) {
        this(root, metadata, reportsDirectory, ownership, failOnError, log, null, false);
    }

    /**
     * With the up-to-date checks of {@link UpToDate} (as a Maven build has them): a goal whose work is done is
     * skipped, unless {@code force}. {@code configuration} is the goal's parameters as stable text.
     */
    public GoalContext withUpToDateChecks(String configuration, boolean force) {
        return new GoalContext(root, metadata, reportsDirectory, ownership, failOnError, log, configuration, force);
    }

    /** The defaults a test or a tool starts from: no report, owners only in the metadata, strict, silent. */
    public static GoalContext of(Path root, Path metadata) {
        return new GoalContext(root, metadata, null, Ownership.NEVER, true, Log.SILENT);
    }

    public GoalContext withReportsDirectory(Path dir) {
        return new GoalContext(root, metadata, dir, ownership, failOnError, log, configuration, force);
    }

    public GoalContext withOwnership(Ownership o) {
        return new GoalContext(root, metadata, reportsDirectory, o, failOnError, log, configuration, force);
    }

    public GoalContext withFailOnError(boolean f) {
        return new GoalContext(root, metadata, reportsDirectory, ownership, f, log, configuration, force);
    }

    public GoalContext withLog(Log l) {
        return new GoalContext(root, metadata, reportsDirectory, ownership, failOnError, l, configuration, force);
    }
}
