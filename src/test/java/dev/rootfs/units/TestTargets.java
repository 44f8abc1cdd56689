package dev.rootfs.units;

import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Minimal target roots: a Debian-like layout with systemd 252, an overlay module and the programs units run. */
final class TestTargets {
    private TestTargets() {
    }

    static Path debian(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        file(root, "usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so", "", "rw-r--r--");
        file(root, "lib/modules/6.1.0-test/kernel/fs/overlayfs/overlay.ko", "", "rw-r--r--");
        for (String cmd : List.of("mkdir", "mount", "chown", "chmod", "echo")) {
            file(root, "usr/bin/" + cmd, "", "rwxr-xr-x");
        }
        file(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nsystemd-journal:x:101:101::/:/bin/false\n",
                "rw-r--r--");
        file(root, "etc/group", "root:x:0:\nsystemd-journal:x:101:\n", "rw-r--r--");
        file(root, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nIMAGE_VERSION=1.4.2\n", "rw-r--r--");
        dir(root, "var", "rwxr-xr-x");
        dir(root, "var/log", "rwxr-xr-x");
        file(root, "var/log/README", "built\n", "rw-r--r--");
        return root;
    }

    static void file(Path root, String rel, String content, String perms) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    static void dir(Path root, String rel, String perms) throws IOException {
        Path p = Files.createDirectories(root.resolve(rel));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    /** A run of the goal on a sample root: metadata and reports beside the root, owners only recorded. */
    record Request(GoalContext context, OverlayUnitGenerator.Options options) {
        OverlayUnitGenerator.Result run() throws Exception {
            return GoalFrame.run(context, new OverlayUnitGenerator(options));
        }

        /** The same run with some options changed. */
        Request with(java.util.function.UnaryOperator<OverlayUnitGenerator.Options.Builder> change) {
            return new Request(context, change.apply(options.toBuilder()).build());
        }
    }

    static Request request(Path root, List<String> paths, UpperStorage storage, List<String> options) {
        return new Request(GoalContext.of(root, root.resolveSibling("rootfs.mtree"))
                .withReportsDirectory(root.resolveSibling("reports")), OverlayUnitGenerator.Options.builder()
                .paths(paths).storage(storage).overlayOptions(options).build());
    }

    static Request request(Path root) {
        return request(root, List.of("/var"), UpperStorage.tmpfs(), List.of());
    }

    static UpperStorage device(boolean fallback) {
        return new UpperStorage(UpperStorage.Kind.DEVICE, "50%", "0755", "/dev/disk/by-label/data", "ext4", "noatime",
                "10s", null, fallback);
    }

    static UpperStorage mountPoint(boolean fallback) {
        return new UpperStorage(UpperStorage.Kind.MOUNTPOINT, "50%", "0755", null, null, null, "10s", "/data",
                fallback);
    }
}
