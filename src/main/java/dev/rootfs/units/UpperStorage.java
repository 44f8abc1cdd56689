package dev.rootfs.units;

import dev.rootfs.report.ConfigurationException;
import java.util.Locale;

/**
 * Where the overlay's upper and work directories live.
 *
 * @param kind          tmpfs, a device mounted by a generated unit, or a mount point managed elsewhere
 * @param tmpfsSize     size= of the tmpfs (also of the fallback tmpfs)
 * @param tmpfsMode     mode= of the tmpfs root
 * @param device        What= of the device (kind DEVICE)
 * @param fsType        Type= of the device
 * @param options       Options= of the device mount
 * @param deviceTimeout how long boot waits for the device before the fallback (or the failure)
 * @param mountPoint    the existing mount point (kind MOUNTPOINT)
 * @param fallback      when the persistent storage is missing, use a tmpfs and log a warning instead of failing
 */
public record UpperStorage(Kind kind, String tmpfsSize, String tmpfsMode, String device, String fsType,
        String options, String deviceTimeout, String mountPoint, boolean fallback) {

    /** The storage types. */
    public enum Kind {
        TMPFS, DEVICE, MOUNTPOINT;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ConfigurationException("upperStorage must be tmpfs, device or mountpoint, not '" + s + "'");
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static UpperStorage tmpfs() {
        return new UpperStorage(Kind.TMPFS, "50%", "0755", null, null, null, "10s", null, false);
    }

    public boolean persistent() {
        return kind != Kind.TMPFS;
    }

    /** Options of the (main or fallback) tmpfs; nr_inodes as systemd's own tmp.mount. */
    public String tmpfsOptions() {
        return "mode=" + tmpfsMode + ",size=" + tmpfsSize + ",nr_inodes=1m";
    }
}
