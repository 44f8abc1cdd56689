package dev.rootfs.maven;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.tmpfiles.PopulateVarService;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies the target's tmpfiles.d rules at build time, as {@code systemd-tmpfiles --create --boot --root=ROOT} of
 * the target would, for paths under {@code prefixes}: directories, files, symlinks, copies, fifos and device
 * nodes, with owners from the target's own passwd/group recorded in the metadata.
 */
@Mojo(name = "populate-var", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = false)
public class PopulateVarMojo extends AbstractRootfsMojo {

    /**
     * Only lines whose path lies under one of these (component-wise) are applied.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.prefixes", defaultValue = "/var")
    private List<String> prefixes;

    /**
     * Lines under these are never applied; they belong to the running system.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.excludePrefixes", defaultValue = "/dev,/proc,/run,/sys,/tmp")
    private List<String> excludePrefixes;

    /**
     * Also apply lines marked {@code !} (boot only), as the target's first boot would.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.boot", defaultValue = "true")
    private boolean boot;

    /**
     * Also apply the removals of {@code r}, {@code R} and {@code D} lines before creating.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.remove", defaultValue = "false")
    private boolean remove;

    /**
     * Extra tmpfiles.d files (on the build host), read after the target's own.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.configFiles")
    private List<File> configFiles;

    /**
     * Extra tmpfiles.d lines, read last.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.lines")
    private List<String> lines;

    /**
     * A target path such as {@code /usr/lib/tmpfiles.d/app.conf}: {@code configFiles} and {@code lines} replace
     * that file, at its position and priority (systemd's {@code --replace}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.replace")
    private String replace;

    /**
     * Values for specifiers that only a running system knows ({@code H} hostname, {@code l}, {@code v}, {@code a},
     * {@code b}, {@code q}, {@code h}); lines using one that has no value are skipped and reported.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.specifierValues")
    private Map<String, String> specifierValues;

    /**
     * The target's systemd version; detected from its libsystemd-shared-NNN.so when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.systemdVersion")
    private Integer systemdVersion;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.populateVar.skip", defaultValue = "false")
    private boolean skipPopulateVar;

    @Override
    protected boolean skipGoal() {
        return skipPopulateVar;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        GoalFrame.run(context(log), new PopulateVarService(PopulateVarService.Options.builder().prefixes(prefixes)
                .excludePrefixes(excludePrefixes).boot(boot).remove(remove)
                .configFiles(configFiles == null ? null : configFiles.stream().map(File::toPath).toList())
                .lines(lines).replace(replace).specifierValues(specifierValues).systemdVersion(systemdVersion)
                .build()));
    }
}
