package dev.rootfs.units;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import dev.rootfs.testing.HostUnits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated unit passes the real {@code systemd-analyze verify --root}, next to the host's own
 * systemd units (so local-fs.target, local-fs-pre.target and umount.target are the real ones and a
 * transaction cycle through them would be found).
 */
class SystemdAnalyzeVerifyTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("tmpfs", List.of("/var"), UpperStorage.tmpfs(), false),
                Arguments.of("device", List.of("/var"), TestTargets.device(false), false),
                Arguments.of("device-fallback", List.of("/var"), TestTargets.device(true), true),
                Arguments.of("mountpoint", List.of("/var"), TestTargets.mountPoint(false), false),
                Arguments.of("mountpoint-fallback", List.of("/var"), TestTargets.mountPoint(true), false),
                Arguments.of("several-escaped", List.of("/var", "/srv/web-data/my app", "/opt/.app:1"),
                        TestTargets.device(true), true));
    }

    /** The test target plus the host's unit files (masking links to /dev/null left out). */
    private Path rootWithHostUnits() throws Exception {
        Path root = TestTargets.debian(tmp);
        HostUnits.copyInto(root);
        return root;
    }

    /** Control: verify does judge the units under test, so a silent pass above means something. */
    @Test
    void verifyReportsACycle() throws Exception {
        HostTools.require("systemd-analyze", "systemd");
        Path root = rootWithHostUnits();
        Files.writeString(root.resolve("usr/lib/systemd/system/loop-a.service"),
                "[Unit]\nBefore=loop-b.service\nWants=loop-b.service\n[Service]\nExecStart=/usr/bin/true\n");
        Files.writeString(root.resolve("usr/lib/systemd/system/loop-b.service"),
                "[Unit]\nBefore=loop-a.service\n[Service]\nExecStart=/usr/bin/true\n");
        Processes.Run v = Processes.run(List.of("systemd-analyze", "verify", "--root=" + root, "loop-a.service"),
                new byte[0]);
        assertTrue(v.exitCode() != 0 && v.output().contains("cycle"), v.output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void generatedUnitsVerify(String name, List<String> paths, UpperStorage storage, boolean perVersion)
            throws Exception {
        HostTools.require("systemd-analyze", "systemd");
        HostTools.requireThat(Files.isDirectory(HostUnits.DIR), HostUnits.DIR + " is missing on this host");
        Path root = rootWithHostUnits();
        for (String p : paths) {
            Files.createDirectories(root.resolve(p.substring(1)));
        }
        OverlayUnitGenerator.Result r = GoalFrame.run(GoalContext.of(root, tmp.resolve("md.mtree")),
                new OverlayUnitGenerator(OverlayUnitGenerator.Options.builder().paths(paths).storage(storage)
                        .perImageVersion(perVersion).build()));
        List<String> units = new ArrayList<>();
        for (String f : r.files().keySet()) {
            if (!f.contains(".d/")) {
                units.add(f.substring(f.lastIndexOf('/') + 1));
            }
        }
        // verify reads "a:b" as a file with an alias, so names with ':' are reached through local-fs.target,
        // which pulls every overlay in from local-fs.target.wants/ (and their units with it)
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify", "--root=" + root,
                OverlayUnitTemplate.LOCAL_FS));
        units.stream().filter(u -> !u.contains(":")).forEach(cmd::add);
        Processes.Run v = Processes.run(cmd, new byte[0]);
        System.out.println("systemd-analyze verify " + name + " " + units + ": exit " + v.exitCode()
                + (v.output().isBlank() ? ", no output" : "\n" + v.output()));
        assertEquals(0, v.exitCode(), v.output());
        for (String line : v.output().split("\n")) {
            for (String u : units) {
                assertTrue(!line.contains(u), "complaint about " + u + ": " + line);
            }
        }
    }
}
