package dev.rootfs.units;

/**
 * The names and directories of the overlay on one path. Everything lives in one documented namespace:
 * {@code /run/rootfs-overlay/<name>/lower} is the read-only content bound privately, and
 * {@code /run/rootfs-overlay/<name>/storage} is the upper storage (a tmpfs or the device), holding
 * {@code [<name>/][<imageVersion>/]upper} and {@code .../work} on one file system as overlayfs requires. With an
 * existing mount point the storage is {@code <mountPoint>/rootfs-overlay/<name>} instead. {@code <name>} is the
 * path escaped as systemd names units ({@code /var} is {@code var}, {@code /opt/my app} is
 * {@code opt-my\x20app}).
 *
 * @param path         the overlaid path, e.g. /var
 * @param name         its escaped unit-name form
 * @param lower        where the read-only content is bound
 * @param storage      where the upper storage is mounted (or the directory on the mount point)
 * @param upper        upperdir=
 * @param work         workdir=
 * @param mountUnit    the overlay's mount unit, e.g. var.mount
 * @param prepareUnit  the service that binds the lower and prepares upper and work
 * @param storageUnit  the mount unit of the storage, or null when a mount point managed elsewhere is used
 * @param fallbackUnit the service mounting a tmpfs when persistent storage is missing, or null
 */
public record OverlayLayout(String path, String name, String lower, String storage, String upper, String work,
        String mountUnit, String prepareUnit, String storageUnit, String fallbackUnit) {

    /** Root of the runtime namespace. */
    public static final String RUN_DIR = "/run/rootfs-overlay";

    public static OverlayLayout of(String path, UpperStorage storage, String imageVersion) {
        String name = SystemdEscape.escapePath(path);
        String base = RUN_DIR + "/" + name;
        String storageDir = storage.kind() == UpperStorage.Kind.MOUNTPOINT
                ? storage.mountPoint() + "/rootfs-overlay/" + name : base + "/storage";
        // One device may serve several paths, so its directories are named per path.
        String dirs = storageDir + (storage.kind() == UpperStorage.Kind.DEVICE ? "/" + name : "")
                + (imageVersion == null ? "" : "/" + imageVersion);
        return new OverlayLayout(path, name, base + "/lower", storageDir, dirs + "/upper", dirs + "/work",
                name + ".mount", "rootfs-overlay-" + name + ".service",
                storage.kind() == UpperStorage.Kind.MOUNTPOINT ? null : SystemdEscape.mountUnit(storageDir),
                storage.persistent() && storage.fallback() ? "rootfs-overlay-" + name + "-fallback.service" : null);
    }
}
