package dev.rootfs.image;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.Ownership;
import dev.rootfs.report.ProblemsException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: clear errors naming the path, every problem at once, and never a partial archive. */
class ArchiveBadInputTest {
    @TempDir
    Path tmp;
    SampleRoot sample;
    Path out;

    @BeforeEach
    void setUp() throws Exception {
        sample = SampleRoot.create(tmp);
        out = tmp.resolve("out/rootfs.tar");
    }

    ArchiveService.Options options(Path output) {
        return ArchiveService.Options.builder(output).pseudoFile(tmp.resolve("out/rootfs.pseudo")).build();
    }

    ArchiveService.Result run(ArchiveService archive, boolean failOnError) throws Exception {
        return GoalFrame.run(GoalContext.of(sample.root, sample.metadata).withFailOnError(failOnError), archive);
    }

    void assertNothingWritten() throws IOException {
        try (var s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.toList(), "no archive, export or temporary file is left");
        }
    }

    @Test
    void aRecordForAMissingPathFailsNamingIt() throws Exception {
        Files.writeString(sample.metadata, "./usr/bin/gone type=file mode=0755\n./etc/nope mode=0600\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.createDirectories(out.getParent());
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> run(new ArchiveService(options(out)), true));
        assertTrue(e.getMessage().contains("/usr/bin/gone: the metadata records this path but the root has no such "
                + "node"), e.getMessage());
        assertTrue(e.getMessage().contains("/etc/nope:"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void withoutFailOnErrorAMissingPathIsAWarningAndTheArchiveIsWritten() throws Exception {
        Files.writeString(sample.metadata, "./usr/bin/gone type=file mode=0755\n",
                java.nio.file.StandardOpenOption.APPEND);
        ArchiveService.Result r = run(new ArchiveService(options(out)), false);
        assertTrue(Files.isRegularFile(out));
        assertEquals(1, r.problems().size());
    }

    @Test
    void anUnreadableFileFailsAndLeavesNoArchive() throws Exception {
        Path secret = sample.root.resolve("etc/shadow");
        Files.writeString(secret, "root:*:1::::::\n");
        Files.setAttribute(secret, "unix:mode", 0);
        Files.createDirectories(out.getParent());
        // root reads any file; emulate the EACCES an unprivileged build gets for a mode-0 file
        ArchiveService.ContentOpener asUser = (disk, node) -> {
            if (dev.rootfs.fs.Ownership.Process.isRoot() && (disk.mode() & 0444) == 0) {
                throw new AccessDeniedException(disk.path());
            }
            return node.open();
        };
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> run(new ArchiveService(options(out), asUser), true));
        assertTrue(e.getMessage().contains("/etc/shadow: cannot read: permission denied"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void aFileThatShrinksWhileReadIsAnError() throws Exception {
        Files.createDirectories(out.getParent());
        ArchiveService.ContentOpener shrinking = (disk, node) -> {
            var ch = node.open();
            if (disk.path().equals("/usr/lib/libx.so.1")) {
                Files.writeString(sample.root.resolve("usr/lib/libx.so.1"), "lib");
            }
            return ch;
        };
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> run(new ArchiveService(options(out), shrinking), true));
        assertTrue(e.getMessage().contains("/usr/lib/libx.so.1: changed while being archived: 8 bytes expected, "
                + "only 3 read"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void anOutputInsideTheRootIsRefused() {
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> run(new ArchiveService(options(sample.root.resolve("var/rootfs.tar"))), true));
        assertTrue(e.getMessage().startsWith("archive " + sample.root.resolve("var/rootfs.tar")), e.getMessage());
        assertTrue(e.getMessage().contains("lies inside the root"), e.getMessage());
        assertFalse(Files.exists(sample.root.resolve("var/rootfs.tar")));
        assertFalse(Files.exists(sample.root.resolve("var/.rootfs.tar.tmp")));
    }

    @Test
    void anExportInsideTheRootIsRefused() {
        ArchiveService.Options r = ArchiveService.Options.builder(out)
                .deviceTable(sample.root.resolve("device_table.txt")).build();
        ProblemsException e = assertThrows(ProblemsException.class, () -> run(new ArchiveService(r), true));
        assertTrue(e.getMessage().startsWith("device table "), e.getMessage());
    }

    @Test
    void aPreviousArchiveSurvivesAFailedRun() throws Exception {
        run(new ArchiveService(options(out)), true);
        byte[] before = Files.readAllBytes(out);
        Files.writeString(sample.metadata, "./gone mode=0600\n", java.nio.file.StandardOpenOption.APPEND);
        assertThrows(ProblemsException.class, () -> run(new ArchiveService(options(out)), true));
        assertEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(Files.readAllBytes(out)));
        try (var s = Files.list(out.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void namesLongerThanUstarAllowsGoIntoPaxHeaders() throws Exception {
        Tools.require("tar", "tar");
        String deep = "/opt/" + "x".repeat(200) + "/" + "y".repeat(200);
        Path p = sample.root.resolve(deep.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, "deep\n");
        Files.createSymbolicLink(sample.root.resolve("opt/long-link"), Path.of(deep));
        run(new ArchiveService(options(out)), true);
        String l = Tools.run(tmp, "tar", "-tvf", out.toString());
        assertTrue(l.contains(" ." + deep + "\n"), l);
        assertTrue(l.contains(" ./opt/long-link -> " + deep + "\n"), l);
    }
}
