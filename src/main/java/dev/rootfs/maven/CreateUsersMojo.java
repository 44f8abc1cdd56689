package dev.rootfs.maven;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.image.OutputTimestamp;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.sysusers.CreateUsersService;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates the system users and groups the target's sysusers.d declares, in its {@code /etc/passwd}, {@code group},
 * {@code shadow} and {@code gshadow}, as {@code systemd-sysusers --root} of the target's systemd version would; a
 * read-only root cannot do it at its first boot. Run it before {@code populate-var}, which then finds those users.
 */
@Mojo(name = "create-users", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = false)
public class CreateUsersMojo extends AbstractRootfsMojo {

    /**
     * sysusers.d files of the build, read after the target's (or in place of {@code replace}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.createUsers.configFiles")
    private List<File> configFiles;

    /**
     * sysusers.d lines, read after the files.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.createUsers.lines")
    private List<String> lines;

    /**
     * Target path of a sysusers.d file that {@code configFiles} and {@code lines} replace (--replace).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.createUsers.replace")
    private String replace;

    /**
     * Values for specifiers only the running target knows (%H, %b, ...), letter to value.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.specifierValues")
    private Map<String, String> specifierValues;

    /**
     * The target's systemd version; detected from the root when unset.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.systemdVersion")
    private Integer systemdVersion;

    /**
     * The shadow "last password change" of new users comes from this timestamp (else SOURCE_DATE_EPOCH, else
     * today), so that the files are reproducible.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.createUsers.skip", defaultValue = "false")
    private boolean skipCreateUsers;

    @Override
    protected boolean skipGoal() {
        return skipCreateUsers;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        OptionalLong t;
        try {
            t = OutputTimestamp.resolve(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
        } catch (IllegalArgumentException e) {
            throw new ProblemsException(e.getMessage());
        }
        GoalFrame.run(context(log), new CreateUsersService(new CreateUsersService.Options(
                configFiles == null ? List.of() : configFiles.stream().map(File::toPath).toList(),
                lines == null ? List.of() : lines, replace, systemdVersion,
                specifierValues == null ? Map.of() : specifierValues,
                t.isPresent() ? Instant.ofEpochSecond(t.getAsLong()) : null)));
    }
}
