package dev.rootfs.maven;

import dev.rootfs.factory.FactoryService;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Moves {@code /var} of the target root into {@code /usr/share/factory/var} (merging with what is there,
 * never deleting it) and writes a tmpfiles.d conf plus a {@code var.mount} so that, at every boot, a fresh
 * tmpfs (or an empty persistent partition) on {@code /var} holds exactly what was built.
 */
@Mojo(name = "generate-factory", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = false)
public class GenerateFactoryMojo extends AbstractRootfsMojo {

    /**
     * File name of the generated conf in {@code /usr/lib/tmpfiles.d}; "00-" makes it sort before the packages'.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.confName", defaultValue = "00-rootfs-var-factory.conf")
    private String confName;

    /**
     * Replace factory content that conflicts with /var's (and files this goal did not write) instead of failing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.overwrite", defaultValue = "false")
    private boolean overwrite;

    /**
     * The target's systemd version; detected from {@code libsystemd-shared-NNN.so} when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.systemdVersion")
    private Integer systemdVersion;

    /**
     * Write {@code var.mount} (a tmpfs, or {@code varDevice}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.varMount", defaultValue = "true")
    private boolean varMount;

    /**
     * {@code size=} of the /var tmpfs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.tmpfsSize", defaultValue = "50%")
    private String tmpfsSize;

    /**
     * {@code nr_inodes=} of the /var tmpfs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.tmpfsInodes", defaultValue = "1m")
    private String tmpfsInodes;

    /**
     * A persistent device for /var ({@code What=}, e.g. /dev/disk/by-label/var); a tmpfs when unset.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.varDevice")
    private String varDevice;

    /**
     * {@code Type=} of {@code varDevice}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.varFsType", defaultValue = "ext4")
    private String varFsType;

    /**
     * Extra tmpfs options, or all options of {@code varDevice}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.varMountOptions")
    private String varMountOptions;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.factory.skip", defaultValue = "false")
    private boolean skipFactory;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    private MojoExecution mojoExecution;

    @Override
    protected boolean skipGoal() {
        return skipFactory;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        GoalFrame.run(context(log), new FactoryService(FactoryService.Options.builder().confName(confName)
                .overwrite(overwrite).systemdVersion(systemdVersion).mount(varMount).tmpfs(tmpfsSize, tmpfsInodes)
                .device(varDevice, varFsType, varMountOptions).populateAfter(populateRunsAfter()).build()));
    }

    /** The plugin's executions in this project, for {@link GoalOrder}. */
    private boolean populateRunsAfter() {
        if (project == null || mojoExecution == null) {
            return false;
        }
        List<GoalOrder.Binding> bindings = new ArrayList<>();
        for (Plugin p : project.getBuildPlugins()) {
            if (p.getArtifactId().equals(mojoExecution.getArtifactId())
                    && p.getGroupId().equals(mojoExecution.getGroupId())) {
                for (PluginExecution e : p.getExecutions()) {
                    bindings.add(new GoalOrder.Binding(e.getId(), e.getPhase(), e.getGoals()));
                }
            }
        }
        return GoalOrder.populateRunsAfter(bindings, mojoExecution.getExecutionId());
    }
}
