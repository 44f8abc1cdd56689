package dev.rootfs.goal;

import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.IOException;

/**
 * The frame every goal runs in: open the root, refuse outputs inside it, take the metadata file's lock and read
 * it, run the goal, write the metadata and the report back, log one summary line and the problems, and fail on
 * the errors. A goal adds only its own work ({@link Goal}).
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
            Metadata md = mf.read(report, ctx.failOnError(), goal.notDone());
            GoalRun run = new GoalRun(ctx, root, md, report);
            R result;
            try {
                result = goal.run(run);
            } catch (ProblemsException e) {
                // refused before any change: the report still tells what was wrong
                e.problems().forEach(report::problem);
                writeReport(ctx, report);
                throw e;
            }
            mf.write(md);
            ctx.log().info(goal.summary(result, run));
            for (Problem p : report.problems()) {
                ctx.log().warn(p.toString());
            }
            writeReport(ctx, report);
            goal.check(result, run);
            return result;
        }
    }

    private static void writeReport(GoalContext ctx, Report report) throws IOException {
        if (ctx.reportsDirectory() != null) {
            report.write(ctx.reportsDirectory());
        }
    }
}
