package dev.rootfs.goal;

import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.IOException;
import java.util.List;

/**
 * The frame every goal runs in: open the root, refuse outputs inside it, take the metadata file's lock and read
 * it, run the goal, write the metadata and the report back, log one summary line and the problems, and fail on
 * the errors. A goal adds only its own work ({@link Goal}). In a Maven build a goal whose work is already done is
 * skipped ({@link UpToDate}); the frame then returns null.
 */
public final class GoalFrame {
    private GoalFrame() {
    }

    public static <R> R run(GoalContext ctx, Goal<R> goal) throws ProblemsException, IOException {
        TargetRoot root;
        try {
            root = goal.buildsRoot() ? TargetRoot.forNewRoot(ctx.root(), ctx.metadata())
                    : TargetRoot.openForGoal(ctx.root(), ctx.metadata());
            if (ctx.reportsDirectory() != null) {
                root.requireOutside(ctx.reportsDirectory(), "reports directory");
            }
            for (Goal.Output o : goal.outputs()) {
                if (o.path() != null) {
                    root.requireOutside(o.path(), o.what());
                }
            }
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
        Report report = new Report(goal.name());
        try (MetadataFile mf = MetadataFile.open(ctx.metadata())) {
            goal.recover(ctx, root, mf);
            UpToDate upToDate = UpToDate.of(ctx, goal);
            if (upToDate != null && upToDate.current()) {
                ctx.log().info(goal.name() + ": up to date, nothing to do (the root, its metadata, the inputs, the "
                        + "parameters and the outputs are as its last run left them; rootfs.force=true runs it anyway)");
                return null;
            }
            Metadata md = mf.read(report, ctx.failOnError(), goal.notDone());
            GoalRun run = new GoalRun(ctx, root, md, report, goal.writesMetadata() ? mf : null);
            R result;
            try {
                result = goal.run(run);
            } catch (ProblemsException e) {
                // refused before any change: the report still tells what was wrong (each problem once)
                List<Problem> known = report.problems();
                e.problems().stream().filter(p -> !known.contains(p)).forEach(report::problem);
                writeReport(ctx, report);
                throw e;
            }
            run.saveMetadata();
            ctx.log().info(goal.summary(result, run));
            goal.logProblems(result, run);
            writeReport(ctx, report);
            goal.check(result, run);
            if (upToDate != null) {
                upToDate.record();
            }
            return result;
        }
    }

    private static void writeReport(GoalContext ctx, Report report) throws IOException {
        if (ctx.reportsDirectory() != null) {
            report.write(ctx.reportsDirectory());
        }
    }
}
