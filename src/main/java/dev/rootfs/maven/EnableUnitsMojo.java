package dev.rootfs.maven;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.presets.EnableUnitsService;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Enables and disables the target's units from its presets, as {@code systemctl --root preset-all} of the
 * target's systemd version would; a read-only root cannot do it at its first boot. Also writes an empty
 * {@code /etc/machine-id} unless one exists, so that the booted system gets a transient id.
 */
@Mojo(name = "enable-units", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = false)
public class EnableUnitsMojo extends AbstractRootfsMojo {

    /**
     * Preset files of the build; their rules come before the target's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.presetFiles")
    private List<File> presetFiles;

    /**
     * Units (globs) enabled whatever the presets say.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.enable")
    private List<String> enable;

    /**
     * Units (globs) disabled whatever the presets say.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.disable")
    private List<String> disable;

    /**
     * The target's systemd version; detected from the root when unset.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.systemdVersion")
    private Integer systemdVersion;

    /**
     * Writes an empty /etc/machine-id when the target has none; false leaves it alone.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.machineId", defaultValue = "true")
    private boolean machineId;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.enableUnits.skip", defaultValue = "false")
    private boolean skipEnableUnits;

    @Override
    protected boolean skipGoal() {
        return skipEnableUnits;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        GoalFrame.run(context(log), new EnableUnitsService(new EnableUnitsService.Options(
                presetFiles == null ? List.of() : presetFiles.stream().map(File::toPath).toList(),
                enable == null ? List.of() : enable, disable == null ? List.of() : disable, systemdVersion,
                machineId)));
    }
}
