package dev.rootfs.factory;

import dev.rootfs.report.ConfigurationException;
import dev.rootfs.units.UnitFile;
import dev.rootfs.units.UnitValues;

/**
 * The {@code var.mount} that gives {@code /var} fresh storage at every boot: a tmpfs by default (with
 * {@code mode=0755}, since a tmpfs root is 1777 otherwise), or a persistent device. Modelled on systemd's
 * tmp.mount: no default dependencies, ordered before local-fs.target, stopped only at shutdown. It has no
 * [Install] section; a link in local-fs.target.wants/ pulls it in, so presets cannot disable it and masking can.
 */
final class VarMountUnit {
    static final String GOAL = "generate-factory";
    static final String NAME = "var.mount";

    private VarMountUnit() {
    }

    /**
     * @param device  What= of a persistent /var, or null for a tmpfs
     * @param fsType  Type= of that device
     * @param options Options=; for a tmpfs the size and inode limits are added before them
     */
    static UnitFile create(String tmpfsSize, String tmpfsInodes, String device, String fsType, String options) {
        boolean tmpfs = device == null || device.isBlank();
        String opts;
        if (tmpfs) {
            StringBuilder o = new StringBuilder("mode=0755,nosuid,nodev");
            if (tmpfsSize != null && !tmpfsSize.isBlank()) {
                o.append(",size=").append(tmpfsSize.trim());
            }
            if (tmpfsInodes != null && !tmpfsInodes.isBlank()) {
                o.append(",nr_inodes=").append(tmpfsInodes.trim());
            }
            if (options != null && !options.isBlank()) {
                o.append(',').append(options.trim());
            }
            opts = o.toString();
        } else {
            opts = options == null || options.isBlank() ? "defaults" : options.trim();
        }
        UnitFile u = new UnitFile(NAME, GOAL)
                .comment(tmpfs ? "/var is a tmpfs, filled from /usr/share/factory/var by tmpfiles at every boot."
                        : "/var is " + device + ", completed from /usr/share/factory/var by tmpfiles at every boot.")
                .comment("Override with a drop-in in /etc/systemd/system/var.mount.d/*.conf; mask to disable.")
                .set("Unit", "Description", tmpfs ? "Volatile /var (tmpfs) filled from the factory"
                        : "Persistent /var completed from the factory")
                .set("Unit", "Documentation", "man:tmpfiles.d(5)")
                .set("Unit", "DefaultDependencies", "no")
                .set("Unit", "Conflicts", "umount.target")
                .set("Unit", "Before", "local-fs.target umount.target")
                .set("Unit", "After", tmpfs ? "swap.target" : "local-fs-pre.target")
                .set("Mount", "What", tmpfs ? "tmpfs" : UnitValues.literal(device.trim()))
                .set("Mount", "Where", "/var")
                .set("Mount", "Type", tmpfs ? "tmpfs" : UnitValues.literal(require(fsType, "varFsType")))
                .set("Mount", "Options", UnitValues.literal(opts));
        return u;
    }

    private static String require(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new ConfigurationException(name + " is required with a persistent /var device");
        }
        return v.trim();
    }
}
