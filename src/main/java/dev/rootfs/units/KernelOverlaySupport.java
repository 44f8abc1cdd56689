package dev.rootfs.units;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Whether the target's kernel(s) can mount overlayfs: the module under
 * {@code /lib/modules/<release>/kernel/fs/overlayfs/}, or built in ({@code modules.builtin} or
 * {@code CONFIG_OVERLAY_FS=y} in {@code /boot/config-<release>}). Without it the overlay mount fails at boot.
 */
public final class KernelOverlaySupport {
    private static final List<String> MODULE_NAMES = List.of("overlay.ko", "overlay.ko.xz", "overlay.ko.zst",
            "overlay.ko.gz");

    /**
     * @param supported releases that have overlayfs, each with the evidence ("6.1.0-13-amd64: module ...")
     * @param missing   releases found without it
     */
    public record Result(List<String> supported, List<String> missing) {
        public boolean noKernel() {
            return supported.isEmpty() && missing.isEmpty();
        }
    }

    private KernelOverlaySupport() {
    }

    public static Result check(TargetRoot root) throws TargetPathException {
        TreeSet<String> releases = new TreeSet<>(root.list("/lib/modules"));
        for (String name : root.list("/boot")) {
            if (name.startsWith("config-")) {
                releases.add(name.substring("config-".length()));
            }
        }
        List<String> supported = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String release : releases) {
            String evidence = evidence(root, release);
            if (evidence != null) {
                supported.add(release + ": " + evidence);
            } else {
                missing.add(release);
            }
        }
        return new Result(supported, missing);
    }

    private static String evidence(TargetRoot root, String release) throws TargetPathException {
        String modules = "/lib/modules/" + release;
        for (String name : MODULE_NAMES) {
            String p = modules + "/kernel/fs/overlayfs/" + name;
            FileInfo f = root.statFollow(p);
            if (f != null && f.type() == FileType.FILE) {
                return "module " + p;
            }
        }
        byte[] builtin = root.readIfExists(modules + "/modules.builtin");
        if (builtin != null && new String(builtin, StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.trim().equals("kernel/fs/overlayfs/overlay.ko"))) {
            return "built in (" + modules + "/modules.builtin)";
        }
        byte[] config = root.readIfExists("/boot/config-" + release);
        if (config != null && new String(config, StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.trim().equals("CONFIG_OVERLAY_FS=y"))) {
            return "built in (/boot/config-" + release + ")";
        }
        return null;
    }
}
