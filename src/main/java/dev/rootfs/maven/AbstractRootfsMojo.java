package dev.rootfs.maven;

import dev.rootfs.fs.Ownership;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.report.ConfigurationException;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Parameters every goal shares, and the mapping of core outcomes to Maven's: bad input is a build failure
 * with the core's message, an I/O error is a build error naming the path. No goal logic lives here.
 */
public abstract class AbstractRootfsMojo extends AbstractMojo {

    /**
     * The staged root file system of the image (the target root).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.directory", defaultValue = "${project.build.directory}/rootfs", required = true)
    protected File directory;

    /**
     * The ownership metadata (mtree) of the target root: owners, modes, device nodes and xattrs that an
     * unprivileged build cannot keep on disk. Every goal reads it and writes it back.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.metadata", defaultValue = "${project.build.directory}/rootfs.mtree", required = true)
    protected File metadata;

    /**
     * Where each goal writes its JSON report ({@code <goal>.json}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.reportsDirectory", defaultValue = "${project.build.directory}/rootfs-reports")
    protected File reportsDirectory;

    /**
     * Skips every goal of this plugin.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Fails the build on invalid input (listing every problem); when false, such input is skipped with a warning.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.failOnError", defaultValue = "true")
    protected boolean failOnError;

    /**
     * Whether owners are also applied on disk: {@code auto} (only when the build runs as root), {@code always}
     * or {@code never}. The metadata always records them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.applyOwnership", defaultValue = "auto")
    protected String applyOwnership;

    /** True when this goal's own skip parameter is set. */
    protected abstract boolean skipGoal();

    /** The goal's work, run unless skipped. */
    protected abstract void run(Log log) throws ProblemsException, IOException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipGoal()) {
            getLog().info("Skipping the execution as configured (skip).");
            return;
        }
        resolveStandInPaths();
        try {
            run(new MavenLogAdapter(getLog()));
        } catch (ProblemsException | ConfigurationException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * Run without a pom, Maven gives the goal a stand-in project whose {@code ${project.basedir}} stays
     * uninterpolated, so a default such as {@code ${project.build.directory}/rootfs.mtree} would name a folder
     * literally called {@code ${project.basedir}}. Such paths are resolved against the folder Maven runs in, as
     * they would be in a project there. Every {@code File} parameter of every goal goes through here.
     */
    private void resolveStandInPaths() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Class<?> c = getClass(); c != null && AbstractRootfsMojo.class.isAssignableFrom(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != File.class || Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    File value = (File) f.get(this);
                    File resolved = StandInPaths.resolve(value, cwd);
                    if (resolved != value) {
                        f.set(this, resolved);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read parameter " + f.getName(), e);
                }
            }
        }
    }

    /**
     * Runs the goal even when its work is already done. Without it a goal is skipped when the root, its metadata,
     * the goal's inputs and parameters, the plugin and the files it wrote are as its last run left them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.force", defaultValue = "false")
    protected boolean force;

    /** The context every goal runs with, from the parameters all goals share. */
    protected GoalContext context(Log log) {
        return new GoalContext(directory.toPath(), metadata.toPath(),
                reportsDirectory == null ? null : reportsDirectory.toPath(), ownership(), failOnError, log)
                .withUpToDateChecks(upToDateConfiguration(), force);
    }

    /** This goal's parameters as the up-to-date checks compare them. */
    protected String upToDateConfiguration() {
        return MojoConfiguration.of(this);
    }

    protected Ownership ownership() {
        return Ownership.parse(applyOwnership);
    }
}
