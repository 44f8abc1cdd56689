package dev.rootfs.maven;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.units.OverlayUnitGenerator;
import dev.rootfs.units.UpperStorage;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes systemd units that mount a writable overlayfs over {@code /var} (and any other configured path)
 * early at boot, with the image's content as the read-only lower layer and the upper on a tmpfs or on
 * persistent storage. The units go to {@code /usr/lib/systemd/system}, are enabled statically from
 * {@code local-fs.target.wants/} (only masking disables them) and can be changed with drop-ins.
 */
@Mojo(name = "generate-overlay-units", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresProject = false)
public class GenerateOverlayUnitsMojo extends AbstractRootfsMojo {

    /**
     * Paths that get a writable overlay; they must be directories in the target, not symlinks.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.overlayPaths", defaultValue = "/var")
    private List<String> overlayPaths;

    /**
     * Where upper and work live: {@code tmpfs}, {@code device} (mounted by a generated unit) or {@code mountpoint}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.upperStorage", defaultValue = "tmpfs")
    private String upperStorage;

    /**
     * Size of the tmpfs upper (and of the fallback tmpfs): {@code 50%}, {@code 256m}, ...
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.tmpfsSize", defaultValue = "50%")
    private String tmpfsSize;

    /**
     * Mode of the tmpfs root.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.tmpfsMode", defaultValue = "0755")
    private String tmpfsMode;

    /**
     * The persistent device ({@code What=}), e.g. {@code /dev/disk/by-label/data}; for upperStorage=device.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.storageDevice")
    private String storageDevice;

    /**
     * File system type of the device ({@code Type=}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.storageType", defaultValue = "ext4")
    private String storageType;

    /**
     * Mount options of the device ({@code Options=}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.storageOptions", defaultValue = "noatime")
    private String storageOptions;

    /**
     * How long boot waits for the device ({@code JobRunningTimeoutSec=} of the device unit).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.storageDeviceTimeout", defaultValue = "10s")
    private String storageDeviceTimeout;

    /**
     * An existing mount point (fstab or a mount unit) holding the upper; for upperStorage=mountpoint.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.storageMountPoint")
    private String storageMountPoint;

    /**
     * When persistent storage is missing at boot, use a tmpfs and log a warning; false makes the mount fail.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.storageFallback", defaultValue = "true")
    private boolean storageFallback;

    /**
     * Overrides of the overlay mount options: {@code redirect_dir}, {@code index}, {@code xino}, {@code metacopy}, ...
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.overlayOptions")
    private List<String> overlayOptions;

    /**
     * Keeps upper and work per image version, so an A/B update never mounts a stale upper.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.perImageVersion", defaultValue = "false")
    private boolean perImageVersion;

    /**
     * The image version for perImageVersion; default IMAGE_VERSION or VERSION_ID of the target's os-release.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageVersion")
    private String imageVersion;

    /**
     * The target's systemd version; detected from its libsystemd-shared-NNN.so when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.systemdVersion")
    private Integer systemdVersion;

    /**
     * A target kernel without overlayfs: {@code fail}, {@code warn} or {@code skip} the check.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.overlayCheck", defaultValue = "fail")
    private String overlayCheck;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.overlayUnits.skip", defaultValue = "false")
    private boolean skipOverlayUnits;

    @Override
    protected boolean skipGoal() {
        return skipOverlayUnits;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        UpperStorage storage = new UpperStorage(UpperStorage.Kind.parse(upperStorage), tmpfsSize, tmpfsMode,
                storageDevice, storageType, storageOptions, storageDeviceTimeout, storageMountPoint, storageFallback);
        GoalFrame.run(context(log), new OverlayUnitGenerator(OverlayUnitGenerator.Options.builder()
                .paths(overlayPaths).storage(storage).overlayOptions(overlayOptions).perImageVersion(perImageVersion)
                .imageVersion(imageVersion).systemdVersion(systemdVersion)
                .overlayCheck(OverlayUnitGenerator.Check.parse(overlayCheck)).build()));
    }
}
