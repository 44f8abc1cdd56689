package dev.rootfs.goal;

import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import dev.rootfs.report.Log;
import dev.rootfs.report.Report;
import java.io.IOException;

/**
 * What the frame hands a goal: the opened root, the metadata read from its file (changed in place and written
 * back by the frame), the report and the context.
 */
public final class GoalRun {
    private final GoalContext context;
    private final TargetRoot root;
    private final Metadata metadata;
    private final Report report;
    private final MetadataFile file;
    private UserDb users;

    GoalRun(GoalContext context, TargetRoot root, Metadata metadata, Report report, MetadataFile file) {
        this.context = context;
        this.root = root;
        this.metadata = metadata;
        this.report = report;
        this.file = file;
    }

    /**
     * Writes the metadata to its file now (the frame does it again after the work): a goal whose later steps
     * depend on the records being on disk, should it be killed, saves them between its steps. Does nothing for
     * a goal that does not write the metadata back.
     */
    public void saveMetadata() throws IOException {
        if (file != null) {
            file.write(metadata);
        }
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
