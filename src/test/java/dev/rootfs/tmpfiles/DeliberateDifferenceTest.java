package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per {@link DeliberateDifference}: each shows what the real systemd-tmpfiles 252 does (reaching the
 * build host or doubling the root) and that we stay inside the target.
 */
class DeliberateDifferenceTest {
    Path work;
    Path theirs;
    Path ours;

    @BeforeEach
    void roots() throws Exception {
        work = Files.createTempDirectory("deliberate");
        theirs = work.resolve("theirs");
        ours = work.resolve("ours");
        for (Path r : List.of(theirs, ours)) {
            Files.createDirectories(r);
            Differential.base(r);
        }
    }

    @AfterEach
    void clean() throws Exception {
        Differential.deleteTree(work);
    }

    private TmpfilesEngine.Result ours(String conf, Metadata md) throws Exception {
        TmpfilesEngine e = new TmpfilesEngine(TargetRoot.open(ours), new TmpfilesEngine.Options(true, false, true,
                PathFilter.ALL, 252, Map.of(), false));
        return e.execute(e.parse(List.of(new ConfigFile("t.conf", "t.conf", conf.getBytes(StandardCharsets.UTF_8),
                false))), md);
    }

    private dev.rootfs.testing.Processes.Run theirs(String conf) throws Exception {
        Path f = work.resolve("t.conf");
        Files.writeString(f, conf);
        return Oracle.run(252, theirs, List.of("--create", "--boot", f.toString()));
    }

    @Test
    void everyDifferenceHasATest() {
        Set<String> tests = Arrays.stream(getClass().getDeclaredMethods()).map(m -> m.getName().toLowerCase())
                .collect(Collectors.toSet());
        for (DeliberateDifference d : DeliberateDifference.values()) {
            String name = d.name().replace("_", "").toLowerCase();
            assertTrue(tests.contains(name), "no test named " + name + " for " + d);
        }
    }

    @Test
    void hostSpecifiers() throws Exception {
        Oracle.require(252);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        theirs("d /var/host-%H\n");
        assertTrue(Files.list(theirs.resolve("var")).anyMatch(p -> p.getFileName().toString().startsWith("host-")),
                "the real tool writes the build host's name into the image");
        TmpfilesEngine.Result r = ours("d /var/host-%H\n", new Metadata());
        assertFalse(Files.exists(ours.resolve("var")));
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.kind() == Diagnostic.Kind.SKIPPED
                && d.message().contains("%H")), r.diagnostics().toString());
        assertEquals(0, r.exitCode());
        // a supplied value is used
        TmpfilesEngine e = new TmpfilesEngine(TargetRoot.open(ours), new TmpfilesEngine.Options(true, false, true,
                PathFilter.ALL, 252, Map.of('H', "device1"), false));
        e.execute(e.parse(List.of(new ConfigFile("t", "t", "d /var/host-%H\n".getBytes(), false))), new Metadata());
        assertTrue(Files.isDirectory(ours.resolve("var/host-device1")), host);
    }

    @Test
    void directorySpecifiers() throws Exception {
        Oracle.require(252);
        theirs("d %S/x\n");
        Path doubled = theirs.resolve(theirs.toString().substring(1)).resolve("var/lib/x");
        assertTrue(Files.isDirectory(doubled), "the real tool puts the root into the path twice");
        ours("d %S/x\n", new Metadata());
        assertTrue(Files.isDirectory(ours.resolve("var/lib/x")));
    }

    @Test
    void parentsInsideRoot() throws Exception {
        Oracle.require(252);
        Path host = Files.createTempDirectory("host-run-lock");
        try {
            for (Path r : List.of(theirs, ours)) {
                Files.createDirectories(r.resolve("var"));
                Files.createSymbolicLink(r.resolve("var/lock"), host);
            }
            dev.rootfs.testing.Processes.Run run = theirs("d /var/lock/deep/er\n");
            assertTrue(Files.isDirectory(host.resolve("deep")), "the real tool creates a directory on the host");
            assertEquals(73, run.exitCode());
            Differential.deleteTree(host.resolve("deep"));
            TmpfilesEngine.Result r = ours("d /var/lock/deep/er\n", new Metadata());
            assertEquals(0, r.exitCode(), r.diagnostics().toString());
            assertTrue(Files.isDirectory(ours.resolve(host.toString().substring(1)).resolve("deep/er")));
            assertFalse(Files.exists(host.resolve("deep")), "nothing on the host");
        } finally {
            Differential.deleteTree(host);
        }
    }

    @Test
    void globsInsideRoot() throws Exception {
        Oracle.require(252);
        for (Path r : List.of(theirs, ours)) {
            Files.createDirectories(r.resolve("real/target"));
            Files.createDirectories(r.resolve("g"));
            Files.createSymbolicLink(r.resolve("g/abslink"), Path.of("/real"));
        }
        theirs("z /g/abslink/targe? 0700\n");
        assertEquals("rwxr-xr-x", perms(theirs.resolve("real/target")), "the real tool globs on the host");
        Metadata md = new Metadata();
        ours("z /g/abslink/targe? 0700\n", md);
        assertEquals(0700, md.get("/real/target").mode());
    }

    @Test
    void writeInsideRoot() throws Exception {
        Oracle.require(252);
        Path hostFile = Files.createTempFile("host-file", ".txt");
        try {
            Files.writeString(hostFile, "host");
            for (Path r : List.of(theirs, ours)) {
                Files.createDirectories(r.resolve("var"));
                Files.createSymbolicLink(r.resolve("var/x"), hostFile);
                Path inRoot = r.resolve(hostFile.toString().substring(1));
                Files.createDirectories(inRoot.getParent());
                Files.writeString(inRoot, "root");
            }
            theirs("w /var/x - - - - HO\n");
            assertEquals("HOst", Files.readString(hostFile), "the real tool writes the host's file");
            Files.writeString(hostFile, "host");
            ours("w /var/x - - - - RO\n", new Metadata());
            assertEquals("host", Files.readString(hostFile));
            assertEquals("ROot", Files.readString(ours.resolve(hostFile.toString().substring(1))));
        } finally {
            Files.deleteIfExists(hostFile);
        }
    }

    @Test
    void copySourceInsideRoot() throws Exception {
        Oracle.require(252);
        for (Path r : List.of(theirs, ours)) {
            Files.createDirectories(r.resolve("srcdir"));
            Files.writeString(r.resolve("srcdir/inside"), "inside");
            Files.createDirectories(r.resolve("usr/share"));
            Files.createSymbolicLink(r.resolve("usr/share/src"), Path.of("/srcdir"));
        }
        theirs("C /var/c - - - - /usr/share/src/inside\n");
        assertFalse(Files.exists(theirs.resolve("var/c")), "the real tool resolves /srcdir on the host");
        ours("C /var/c - - - - /usr/share/src/inside\n", new Metadata());
        assertEquals("inside", Files.readString(ours.resolve("var/c")));
    }

    @Test
    void aclNamesFromTarget() throws Exception {
        Metadata md = new Metadata();
        TmpfilesEngine.Result r = ours("d /var/acl 0750\na /var/acl - - - - u:onlyinroot:rwx\n", md);
        assertEquals(0, r.exitCode(), r.diagnostics().toString());
        assertTrue(md.get("/var/acl").xattrs().containsKey("system.posix_acl_access"));
        assertEquals(0770, md.get("/var/acl").mode(), "the mask shows in the group bits");
        if (dev.rootfs.fs.Ownership.Process.isRoot()) {
            Oracle.require(252);
            dev.rootfs.testing.Processes.Run run = theirs("d /var/acl 0750\na /var/acl - - - - u:onlyinroot:rwx\n");
            assertTrue(run.stderr().contains("Failed to parse ACL"), "the real tool looks onlyinroot up on the host: "
                    + run.stderr());
        }
    }

    @Test
    void fileAttributesReported() throws Exception {
        TmpfilesEngine.Result r = ours("d /var/attr\nh /var/attr - - - - +C\n", new Metadata());
        assertEquals(0, r.exitCode());
        List<Diagnostic> skipped = new ArrayList<>(r.diagnostics());
        skipped.removeIf(d -> d.kind() != Diagnostic.Kind.SKIPPED);
        assertEquals(1, skipped.size(), r.diagnostics().toString());
        assertTrue(skipped.get(0).message().contains("chattr +C"));
    }

    /**
     * Without root a device node exists only in the metadata: w into it is skipped with a warning naming the line,
     * and the run goes on. The real tool, which has the node on disk, writes into it.
     */
    @Test
    void writeMetadataOnlyNodeSkipped() throws Exception {
        Files.createDirectories(ours.resolve("var"));
        Files.createDirectories(theirs.resolve("var"));
        Metadata md = new Metadata();
        md.put(dev.rootfs.fs.MetaEntry.of("/var/nul").withType(dev.rootfs.fs.FileType.CHAR).withMode(0666)
                .withOwner(0L, "root").withGroup(0L, "root").withDevice(1L, 3L));
        TmpfilesEngine.Result r = ours("d /var/a\nw /var/nul - - - - x\nd /var/b\n", md);
        assertEquals(0, r.exitCode(), r.diagnostics().toString());
        assertTrue(Files.isDirectory(ours.resolve("var/b")), "the run goes on after the skipped line");
        List<String> warnings = SkippedLines.warnings(r.diagnostics(), SkippedLines.Audience.COMMAND_LINE);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("only in the metadata"), warnings.toString());
        assertTrue(warnings.get(1).contains("t.conf:2") && warnings.get(1).contains("/var/nul"), warnings.toString());
        if (Oracle.available(252) && dev.rootfs.fs.Ownership.Process.isRoot()) {
            dev.rootfs.testing.Processes.Run mk = dev.rootfs.testing.Processes.run(null, List.of("mknod", "-m", "0666", theirs.resolve("var/nul").toString(),
                    "c", "1", "3"));
            assertEquals(0, mk.exitCode(), mk.stderr());
            assertEquals(0, theirs("w /var/nul - - - - x\n").exitCode(), "the real tool writes into the node");
        }
    }

    private static String perms(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
