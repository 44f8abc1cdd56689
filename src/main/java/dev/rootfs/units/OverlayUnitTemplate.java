package dev.rootfs.units;

import static dev.rootfs.units.UnitValues.command;
import static dev.rootfs.units.UnitValues.literal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The unit text for the overlay on one path: the only place that decides what the units say.
 *
 * <p>Shape (seen to boot Debian 12 and 13 read-only): a oneshot service binds the read-only path privately
 * under /run and prepares upper and work, ordered before {@code local-fs-pre.target} so nothing writes the
 * path first; the overlay mount unit requires and follows it, comes before {@code local-fs.target} (and so
 * before anything that {@code RequiresMountsFor} the path), and is pulled in statically from
 * {@code local-fs.target.wants/}, so presets cannot turn it off, only masking can. The bind is a command,
 * not a mount unit: one with {@code What=/var} would depend on {@code var.mount} itself, a cycle.
 */
public final class OverlayUnitTemplate {
    public static final String LOCAL_FS = "local-fs.target";
    public static final String LOCAL_FS_PRE = "local-fs-pre.target";
    public static final String UMOUNT = "umount.target";

    /**
     * What the template needs to know about the target.
     *
     * @param commands     absolute program paths in the target by name (mkdir, mount, chown, chmod, echo)
     * @param prepareUpper whether the service creates upper and work and gives the upper the lower's owner
     *                     and mode (needed before systemd 256, or when the lower is not 0755 root:root)
     * @param lowerMode    mode of the path in the image
     * @param lowerUid     owner of the path in the image
     * @param lowerGid     group of the path in the image
     */
    public record Facts(Map<String, String> commands, boolean prepareUpper, int lowerMode, long lowerUid,
            long lowerGid) {
    }

    /** A generated file, relative to the unit directory ({@code var.mount}, {@code x.device.d/y.conf}). */
    public record Output(String relativePath, UnitFile unit) {
    }

    private OverlayUnitTemplate() {
    }

    public static List<Output> units(OverlayLayout l, UpperStorage storage, OverlayOptions options, Facts facts) {
        List<Output> out = new ArrayList<>();
        out.add(new Output(l.mountUnit(), overlayMount(l, options)));
        out.add(new Output(l.prepareUnit(), prepare(l, storage, facts)));
        if (l.storageUnit() != null) {
            out.add(new Output(l.storageUnit(), storageMount(l, storage)));
        }
        if (storage.kind() == UpperStorage.Kind.DEVICE) {
            out.add(new Output(SystemdEscape.deviceUnit(storage.device()) + ".d/rootfs-overlay.conf",
                    deviceTimeout(storage)));
        }
        if (l.fallbackUnit() != null) {
            out.add(new Output(l.fallbackUnit(), fallback(l, storage, facts)));
        }
        return out;
    }

    static UnitFile overlayMount(OverlayLayout l, OverlayOptions options) {
        return new UnitFile(l.mountUnit())
                .comment("Writable overlay on " + l.path() + "; the image's content is the read-only lower layer.")
                .comment("Override with drop-ins in /etc/systemd/system/" + l.mountUnit() + ".d/*.conf; mask to disable.")
                .set("Unit", "Description", literal("Writable overlay on " + l.path()))
                .set("Unit", "DefaultDependencies", "no")
                .set("Unit", "Requires", l.prepareUnit())
                .set("Unit", "After", l.prepareUnit())
                .set("Unit", "Conflicts", UMOUNT)
                .set("Unit", "Before", LOCAL_FS + " " + UMOUNT)
                .set("Mount", "What", "overlay")
                .set("Mount", "Where", literal(l.path()))
                .set("Mount", "Type", "overlay")
                .set("Mount", "Options", literal(options.render(l.lower(), l.upper(), l.work())))
                .set("Mount", "LazyUnmount", "yes");
    }

    static UnitFile prepare(OverlayLayout l, UpperStorage storage, Facts f) {
        UnitFile u = new UnitFile(l.prepareUnit())
                .comment("Binds " + l.path() + " privately to " + l.lower() + " (a mount unit with What=" + l.path())
                .comment("would depend on " + l.mountUnit() + " itself) and prepares the upper layer.")
                .set("Unit", "Description", literal("Layers of the overlay on " + l.path()))
                .set("Unit", "DefaultDependencies", "no");
        String storageUnit = l.storageUnit() != null ? l.storageUnit()
                : SystemdEscape.mountUnit(storage.mountPoint());
        if (l.fallbackUnit() != null) {
            u.set("Unit", "Wants", storageUnit + " " + l.fallbackUnit());
            u.set("Unit", "After", storageUnit + " " + l.fallbackUnit());
        } else if (l.storageUnit() != null) {
            u.set("Unit", "Requires", storageUnit);
            u.set("Unit", "After", storageUnit);
        } else {
            u.set("Unit", "RequiresMountsFor", literal(storage.mountPoint()));
        }
        // A mount point managed elsewhere is ordered after local-fs-pre.target, so we cannot be before it.
        u.set("Unit", "Before", (storage.kind() == UpperStorage.Kind.MOUNTPOINT ? "" : LOCAL_FS_PRE + " ")
                + l.mountUnit());
        u.set("Service", "Type", "oneshot");
        u.set("Service", "RemainAfterExit", "yes");
        List<String> mkdir = new ArrayList<>(List.of(f.commands().get("mkdir"), "-p", l.lower()));
        if (f.prepareUpper()) {
            mkdir.add(l.upper());
            mkdir.add(l.work());
        }
        u.set("Service", "ExecStart", command(mkdir));
        u.set("Service", "ExecStart", command(List.of(f.commands().get("mount"), "-n", "-o", "bind,private",
                l.path(), l.lower())));
        if (f.prepareUpper()) {
            // overlayfs shows the upper root's owner and mode at the mount point: make them the image's.
            u.set("Service", "ExecStart", command(List.of(f.commands().get("chown"),
                    f.lowerUid() + ":" + f.lowerGid(), l.upper())));
            u.set("Service", "ExecStart", command(List.of(f.commands().get("chmod"),
                    String.format("%04o", f.lowerMode()), l.upper())));
        }
        return u;
    }

    static UnitFile storageMount(OverlayLayout l, UpperStorage s) {
        boolean tmpfs = s.kind() == UpperStorage.Kind.TMPFS;
        return new UnitFile(l.storageUnit())
                .comment("Upper storage of the overlay on " + l.path() + ".")
                .set("Unit", "Description", literal("Upper storage of the overlay on " + l.path()))
                .set("Unit", "DefaultDependencies", "no")
                .set("Unit", "Conflicts", UMOUNT)
                .set("Unit", "Before", UMOUNT)
                .set("Mount", "What", literal(tmpfs ? "tmpfs" : s.device()))
                .set("Mount", "Where", literal(l.storage()))
                .set("Mount", "Type", tmpfs ? "tmpfs" : s.fsType())
                .set("Mount", "Options", literal(tmpfs ? s.tmpfsOptions() : s.options()));
    }

    static UnitFile deviceTimeout(UpperStorage s) {
        return new UnitFile("rootfs-overlay.conf")
                .comment("How long boot waits for the overlay's storage device before giving up on it.")
                .set("Unit", "JobRunningTimeoutSec", s.deviceTimeout());
    }

    static UnitFile fallback(OverlayLayout l, UpperStorage s, Facts f) {
        boolean device = s.kind() == UpperStorage.Kind.DEVICE;
        String after = device ? l.storageUnit() : SystemdEscape.mountUnit(s.mountPoint());
        String mounted = device ? l.storage() : s.mountPoint();
        String warning = "<4>rootfs-overlay: the persistent storage of " + l.path() + " (" + (device ? s.device()
                : s.mountPoint()) + ") is not mounted; using a tmpfs, changes will be lost at shutdown";
        return new UnitFile(l.fallbackUnit())
                .comment("Keeps the system bootable when the persistent storage of " + l.path() + " is missing.")
                .set("Unit", "Description", literal("Fallback tmpfs storage of the overlay on " + l.path()))
                .set("Unit", "DefaultDependencies", "no")
                .set("Unit", "After", after)
                .set("Unit", "Before", l.prepareUnit())
                .set("Unit", "ConditionPathIsMountPoint", "!" + literal(mounted))
                .set("Service", "Type", "oneshot")
                .set("Service", "RemainAfterExit", "yes")
                .set("Service", "StandardOutput", "journal+console")
                .set("Service", "ExecStart", command(List.of(f.commands().get("echo"), warning)))
                .set("Service", "ExecStart", command(List.of(f.commands().get("mkdir"), "-p", l.storage())))
                .set("Service", "ExecStart", command(List.of(f.commands().get("mount"), "-t", "tmpfs", "-o",
                        s.tmpfsOptions(), "tmpfs", l.storage())));
    }
}
