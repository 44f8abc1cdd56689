package dev.rootfs.units;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs what the generated units run, in the order systemd would, inside a private mount namespace
 * ({@code unshare -m}): /run and /mnt are fresh tmpfs there, so the host sees nothing. /mnt plays the
 * read-only image; afterwards writes must be in the upper and the lower unchanged.
 */
class OverlayMountNamespaceTest {
    @TempDir
    Path tmp;

    @Test
    void tmpfsUpperTakesTheWrites() throws Exception {
        String out = mountAndWrite("/mnt/var", UpperStorage.tmpfs(), "");
        assertTrue(out.contains("ROOT=755:0:0"), out);
    }

    /** A path needing escaping (space, dash, colon) and a missing device: the fallback tmpfs is used. */
    @Test
    void escapedPathWithDeviceFallbackAndLowerOwner() throws Exception {
        UpperStorage missing = new UpperStorage(UpperStorage.Kind.DEVICE, "16m", "0755",
                "/dev/disk/by-label/rootfs-overlay-test-absent", "ext4", "noatime", "1s", null, true);
        String out = mountAndWrite("/mnt/app x-1:2", missing, "./mnt/app\\040x-1:2 type=dir mode=2775 uid=0 gid=101\n");
        assertTrue(out.contains("ROOT=2775:0:101"), out);
        assertTrue(out.contains("rootfs-overlay: the persistent storage of /mnt/app x-1:2"), out);
    }

    private String mountAndWrite(String path, UpperStorage storage, String metadata) throws Exception {
        HostTools.requireRoot();
        HostTools.require("unshare", "util-linux");
        HostTools.requireThat(Files.isDirectory(Path.of("/mnt")), "/mnt is missing on this host");
        HostTools.requireThat(Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n"),
                "the host kernel has no overlayfs");
        Path root = TestTargets.debian(tmp);
        Files.createDirectories(root.resolve(path.substring(1)));
        Files.writeString(tmp.resolve("rootfs.mtree"), "#mtree\n" + metadata);
        // the host's programs, at the paths the units name
        for (String cmd : List.of("mkdir", "mount", "chown", "chmod", "echo")) {
            Files.delete(root.resolve("usr/bin/" + cmd));
            TestTargets.file(root, "usr/bin/" + cmd, "", "rwxr-xr-x");
        }
        OverlayUnitGenerator.Result r = GoalFrame.run(GoalContext.of(root, tmp.resolve("rootfs.mtree")),
                new OverlayUnitGenerator(OverlayUnitGenerator.Options.builder().paths(List.of(path)).storage(storage)
                        .build()));
        OverlayLayout l = r.layouts().get(0);
        String unitDir = "/usr/lib/systemd/system/";
        StringBuilder sh = new StringBuilder("set -e\nmount -t tmpfs tmpfs /run\nmount -t tmpfs tmpfs /mnt\n");
        sh.append("mkdir -p ").append(q(path)).append('\n');
        sh.append("echo lower > ").append(q(path + "/file.txt")).append('\n');
        sh.append("chmod 0555 ").append(q(path)).append('\n');
        if (storage.kind() == UpperStorage.Kind.TMPFS) {
            UnitFile s = unit(r, unitDir + l.storageUnit());
            sh.append("mkdir -p ").append(q(s.value("Mount", "Where"))).append('\n');
            sh.append(mount(s)).append('\n');
        } else {
            UnitFile f = unit(r, unitDir + l.fallbackUnit());
            String cond = f.value("Unit", "ConditionPathIsMountPoint");
            sh.append("if ! mountpoint -q ").append(q(cond.substring(1))).append("; then\n");
            exec(f, sh);
            sh.append("fi\n");
        }
        exec(unit(r, unitDir + l.prepareUnit()), sh);
        UnitFile m = unit(r, unitDir + l.mountUnit());
        assertEquals(path, m.value("Mount", "Where"));
        sh.append(mount(m)).append('\n');
        String p = q(path);
        sh.append("echo new > ").append(q(path + "/new.txt")).append('\n');
        sh.append("echo changed > ").append(q(path + "/file.txt")).append('\n');
        sh.append("test \"$(findmnt -n -o FSTYPE --target ").append(p).append(")\" = overlay && echo IS_OVERLAY\n");
        sh.append("test -f ").append(q(l.upper() + "/new.txt")).append(" && echo UPPER_HAS_NEW\n");
        sh.append("grep -q changed ").append(q(l.upper() + "/file.txt")).append(" && echo UPPER_HAS_CHANGED\n");
        sh.append("test ! -e ").append(q(l.lower() + "/new.txt")).append(" && echo LOWER_WITHOUT_NEW\n");
        sh.append("grep -qx lower ").append(q(l.lower() + "/file.txt")).append(" && echo LOWER_UNCHANGED\n");
        sh.append("echo ROOT=$(stat -c %a:%u:%g ").append(p).append(")\n");
        Processes.Run run = Processes.run(List.of("unshare", "-m", "--propagation", "private", "sh", "-s"),
                sh.toString().getBytes(StandardCharsets.UTF_8));
        String out = run.output();
        assertEquals(0, run.exitCode(), "script:\n" + sh + "\noutput:\n" + out);
        for (String marker : List.of("IS_OVERLAY", "UPPER_HAS_NEW", "UPPER_HAS_CHANGED", "LOWER_WITHOUT_NEW",
                "LOWER_UNCHANGED")) {
            assertTrue(out.contains(marker), marker + " missing; script:\n" + sh + "\noutput:\n" + out);
        }
        assertTrue(!Files.exists(Path.of(path)), "nothing leaked to the host");
        return out;
    }

    private static UnitFile unit(OverlayUnitGenerator.Result r, String path) {
        return UnitTexts.parse(path.substring(path.lastIndexOf('/') + 1), r.files().get(path));
    }

    /** What systemd runs for a mount unit: mount -t Type -o Options What Where (specifiers unescaped). */
    private static String mount(UnitFile u) {
        return "mount -t " + q(u.value("Mount", "Type")) + " -o " + q(u.value("Mount", "Options").replace("%%", "%"))
                + " " + q(u.value("Mount", "What")) + " " + q(u.value("Mount", "Where"));
    }

    private static void exec(UnitFile u, StringBuilder sh) {
        for (String line : u.values("Service", "ExecStart")) {
            List<String> argv = UnitTexts.argv(line);
            StringBuilder cmd = new StringBuilder();
            // the target's program paths are the host's here; run the host's program of that name
            cmd.append(q(argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1)));
            for (String a : argv.subList(1, argv.size())) {
                cmd.append(' ').append(q(a));
            }
            sh.append(cmd).append('\n');
        }
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
