package dev.rootfs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.image.ArchiveService;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real roots staged by an unprivileged user (uid 65534, through setpriv) and written back by the archive goal:
 * the two tars, read by Python's tarfile, have the same entries with the same type, mode, owner, size, content
 * digest, link target, device numbers, hard-link groups and xattrs.
 */
class StageRoundTripTest {
    static final String NOBODY = "65534";
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        HostTools.requireRoot(); // only root can switch to the unprivileged user
        HostTools.require("setpriv", "util-linux");
        HostTools.require("python3", "python3");
        work = Files.createTempDirectory("stage-roundtrip");
        Processes.command("chown", NOBODY + ":" + NOBODY, work.toString()).runOk();
        Processes.command("chmod", "0755", work.toString()).runOk();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (work != null) {
            Processes.command("rm", "-rf", "--", work.toString()).runOk();
        }
    }

    @Test
    void aDebianMinbaseTarballRoundTripsWhenStagedWithoutRoot() throws Exception {
        HostTools.require("mmdebstrap", "mmdebstrap");
        Path cache = Path.of(System.getenv().getOrDefault("ROOTFS_TEST_CACHE", "/var/cache/rootfs-test"));
        Path tar = Path.of(Processes.command("sh", tool("debian-root-tar.sh").toString(), cache.toString())
                .runOk().stdout().strip());
        int entries = roundTrip(tar);
        assertTrue(entries > 5000, "a minbase root has thousands of entries, got " + entries);
    }

    @Test
    void devicesCapabilitiesAndAclsRoundTripWhenStagedWithoutRoot() throws Exception {
        HostTools.require("bsdtar", "libarchive-tools");
        HostTools.require("setcap", "libcap2-bin");
        HostTools.require("setfacl", "acl");
        Path src = work.resolve("src");
        Files.createDirectories(src.resolve("usr/bin"));
        Files.writeString(src.resolve("usr/bin/ping"), "ping\n");
        Files.writeString(src.resolve("usr/bin/shared"), "shared\n");
        Files.createLink(src.resolve("usr/bin/shared-too"), src.resolve("usr/bin/shared"));
        Processes.command("chmod", "0755", src.resolve("usr/bin/ping").toString()).runOk();
        // before setcap: a change of owner drops a file's capabilities
        Processes.command("chown", "-R", "0:0", src.toString()).runOk();
        Processes.command("setcap", "cap_net_raw+ep", src.resolve("usr/bin/ping").toString()).runOk();
        Processes.command("setfacl", "-m", "u:33:r-x,g:4:r--", src.resolve("usr/bin/ping").toString()).runOk();
        Processes.command("setfattr", "-n", "user.note", "-v", "0x00ff80", src.resolve("usr/bin/shared").toString())
                .runOk();
        // device nodes and owners no unprivileged user could make, from a Buildroot-style spec
        Files.writeString(work.resolve("devices.mtree"), String.join("\n", "#mtree",
                "./dev type=dir mode=0755 uid=0 gid=0",
                "./dev/console type=char mode=0600 uid=0 gid=5 device=native,5,1",
                "./dev/null type=char mode=0666 uid=0 gid=0 device=native,1,3",
                "./dev/sda type=block mode=0660 uid=0 gid=6 device=native,8,0",
                "./dev/initctl type=fifo mode=0600 uid=0 gid=0",
                "./srv type=dir mode=2775 uid=1000 gid=1000",
                "./tmp type=dir mode=1777 uid=0 gid=0", ""));
        Path tar = work.resolve("caps.tar");
        Processes.command("bsdtar", "--format=pax", "--xattrs", "--acls", "-cf", tar.toString(), "-C",
                src.toString(), ".", "@" + work.resolve("devices.mtree")).runOk();
        String listing = Processes.command("python3", tool("tar-entries.py").toString(), tar.toString()).runOk()
                .stdout();
        assertTrue(listing.contains("security.capability="), listing);
        assertTrue(listing.contains("system.posix_acl_access="), listing);
        assertEquals(13, roundTrip(tar));
    }

    /** Stages {@code tar} as uid 65534, archives the result as root, compares; returns the entry count. */
    int roundTrip(Path tar) throws Exception {
        Path cp = work.resolve("cp");
        Path root = work.resolve("out/rootfs");
        Path md = work.resolve("out/rootfs.mtree");
        Files.createDirectories(root.getParent());
        Processes.command("chown", "-R", NOBODY + ":" + NOBODY, work.toString()).runOk();
        String classpath = dev.rootfs.testing.Unprivileged.readableClasspath(cp);
        List<String> cmd = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp", classpath,
                StageProcess.class.getName(), root.toString(), md.toString(), tar.toString());
        Processes.Run run = Processes.command(cmd).directory(work).run();
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.stdout().startsWith("Uid:\t" + NOBODY + "\t"), "not staged as " + NOBODY + ": " + run.output());
        System.out.println("stage as uid " + NOBODY + ": " + run.stdout().strip().replace('\n', ' '));

        Path back = work.resolve("back.tar");
        dev.rootfs.goal.GoalFrame.run(dev.rootfs.goal.GoalContext.of(root, md),
                new ArchiveService(ArchiveService.Options.builder(back).build()));
        List<String> expected = entries(tar);
        List<String> actual = entries(back);
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())),
                "entries of " + tar + " that differ after the round trip (+ " + extra.subList(0,
                        Math.min(20, extra.size())) + ")");
        assertEquals(expected, actual);
        System.out.println("round trip of " + tar + ": " + expected.size() + " entries equal");
        return expected.size();
    }

    private List<String> entries(Path tar) throws Exception {
        return Processes.command("python3", tool("tar-entries.py").toString(), tar.toString()).runOk().stdout()
                .lines().toList();
    }

    private static Path tool(String name) {
        return Path.of("src/test/tools", name).toAbsolutePath();
    }
}
