package dev.rootfs.factory;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rootfs.fs.TreeFixture;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import dev.rootfs.testing.HostUnits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated var.mount passes the real {@code systemd-analyze verify --root}, tmpfs and device alike. */
class VarMountVerifyTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "device {0}")
    @CsvSource(value = {"-", "/dev/disk/by-label/var"}, nullValues = "-")
    void varMountVerifies(String device) throws Exception {
        HostTools.require("systemd-analyze", "systemd");
        Path root = tmp.resolve("root");
        TreeFixture.file(root.resolve("var/lib/app/db"), "x");
        HostUnits.copyInto(root);
        GoalFrame.run(GoalContext.of(root, tmp.resolve("md.mtree")), new FactoryService(FactoryService.Options
                .builder().systemdVersion(252).device(device, "ext4", device == null ? null : "noatime").build()));
        Processes.Run v = Processes.run(List.of("systemd-analyze", "verify", "--root=" + root, "var.mount",
                "local-fs.target"), new byte[0]);
        System.out.println("systemd-analyze verify var.mount (" + (device == null ? "tmpfs" : device) + "): exit "
                + v.exitCode() + (v.output().isBlank() ? ", no output" : "\n" + v.output()));
        assertEquals(0, v.exitCode(), v.output());
        assertFalse(v.output().contains("var.mount"), v.output());

        // control: the same check rejects a mount unit whose Where= does not match its name
        java.nio.file.Files.writeString(root.resolve("usr/lib/systemd/system/var.mount"),
                "[Mount]\nWhat=tmpfs\nWhere=/srv\nType=tmpfs\n");
        Processes.Run bad = Processes.run(List.of("systemd-analyze", "verify", "--root=" + root, "var.mount"),
                new byte[0]);
        assertFalse(bad.exitCode() == 0 && !bad.output().contains("var.mount"), bad.output());
    }
}
