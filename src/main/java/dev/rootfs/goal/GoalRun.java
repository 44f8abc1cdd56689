package dev.rootfs.goal;

import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import dev.rootfs.report.Log;
import dev.rootfs.report.Report;

/**
 * What the frame hands a goal: the opened root, the metadata read from its file (changed in place and written
 * back by the frame), the report and the context.
 */
public final class GoalRun {
    private final GoalContext context;
    private final TargetRoot root;
    private final Metadata metadata;
    private final Report report;
    private UserDb users;

    GoalRun(GoalContext context, TargetRoot root, Metadata metadata, Report report) {
        this.context = context;
        this.root = root;
        this.metadata = metadata;
        this.report = report;
    }

    public GoalContext context() {
        return context;
    }

    public TargetRoot root() {
        return root;
    }

    public Metadata metadata() {
        return metadata;
    }

    public Report report() {
        return report;
    }

    public Log log() {
        return context.log();
    }

    public boolean failOnError() {
        return context.failOnError();
    }

    public Ownership ownership() {
        return context.ownership();
    }

    /**
     * The target's users and groups, read on first use; a goal that changes {@code /etc/passwd} or
     * {@code /etc/group} calls {@link #reloadUsers()} afterwards.
     */
    public UserDb users() throws TargetPathException {
        if (users == null) {
            users = UserDb.load(root);
        }
        return users;
    }

    public void reloadUsers() {
        users = null;
    }
}
