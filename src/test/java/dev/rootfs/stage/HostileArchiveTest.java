package dev.rootfs.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.TreeFixture;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.ProblemsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Archives built to escape the root or to corrupt it: each fails naming the archive, the entry's index and name
 * and the reason, writes nothing outside the root (a sentinel folder beside it stays as it was), and leaves the
 * previous root and its metadata unchanged.
 */
class HostileArchiveTest {
    @TempDir
    Path tmp;

    interface Maker {
        byte[] make() throws Exception;
    }

    static Arguments hostile(String name, String entry, String reason, Maker maker) {
        return Arguments.of(name, entry, reason, maker);
    }

    static TestArchives.Tar tar() {
        return new TestArchives.Tar();
    }

    static byte[] validTar() throws Exception {
        return tar().dir("./", 0755).dir("etc/", 0755).file("etc/hosts", 0644, "127.0.0.1 localhost\n")
                .file("big", 0644, "x".repeat(5000)).bytes();
    }

    static org.apache.commons.compress.archivers.tar.TarArchiveEntry noiseEntry(long size) {
        var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("noise");
        e.setSize(size);
        return e;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                hostile("dotdot.tar", "entry 1 '../escape'", "'..' component",
                        () -> tar().file("../escape", 0644, "x").bytes()),
                hostile("dotdot-inner.tar", "entry 2 'a/../../escape'", "'..' component",
                        () -> tar().dir("a/", 0755).file("a/../../escape", 0644, "x").bytes()),
                hostile("absolute.tar", "entry 1 '/etc/passwd'", "absolute name",
                        () -> tar().pax(TestArchives.Tar.records("path", "/etc/passwd"))
                                .file("placeholder", 0644, "x").bytes()),
                hostile("through-symlink.tar", "entry 2 'a/passwd'", "written through a symlink",
                        () -> tar().symlink("a", "/etc").file("a/passwd", 0644, "x").bytes()),
                hostile("through-relative-symlink.tar", "entry 2 'up/x'", "written through a symlink",
                        () -> tar().symlink("up", "..").file("up/x", 0644, "x").bytes()),
                hostile("dir-through-symlink.tar", "entry 2 'l/sub/'", "written through a symlink",
                        () -> tar().symlink("l", "/").dir("l/sub/", 0755).bytes()),
                hostile("absolute-ustar.tar", "entry 2 '/etc/shadow'", "absolute name",
                        () -> tar().file("ok", 0644, "x").file("/etc/shadow", 0644, "x").bytes()),
                hostile("hardlink-outside.tar", "entry 1 'h'", "'..' component",
                        () -> tar().hardlink("h", "../../etc/shadow").bytes()),
                hostile("hardlink-missing.tar", "entry 2 'h'", "hard link to /nothere",
                        () -> tar().file("f", 0644, "x").hardlink("h", "nothere").bytes()),
                hostile("hardlink-to-dir.tar", "entry 2 'h'", "hard link to /d",
                        () -> tar().dir("d/", 0755).hardlink("h", "d").bytes()),
                hostile("hardlink-absolute.tar", "entry 2 'h'", "absolute name",
                        () -> tar().file("f", 0644, "x").hardlink("h", "/f").bytes()),
                hostile("nul-name.tar", "entry 1 'a\\0b'", "NUL byte",
                        () -> tar().pax(TestArchives.Tar.records("path", "a\0b")).file("p", 0644, "x").bytes()),
                hostile("newline-name.tar", "entry 1 'a\\nb'", "newline",
                        () -> tar().file("a\nb", 0644, "x").bytes()),
                hostile("file-then-dir.tar", "entry 2 'x/'", "changes the type of /x from file to dir",
                        () -> tar().file("x", 0644, "x").dir("x/", 0755).bytes()),
                hostile("dir-then-symlink.tar", "entry 2 'd'", "changes the type of /d from dir to link",
                        () -> tar().dir("d/", 0755).symlink("d", "/etc").bytes()),
                hostile("under-a-file.tar", "entry 2 'f/x'", "its parent /f is a file",
                        () -> tar().file("f", 0644, "x").file("f/x", 0644, "y").bytes()),
                hostile("truncated-data.tar", "entry 4 'big'", "truncated",
                        () -> Arrays.copyOf(validTar(), 512 * 5 + 1000)),
                hostile("truncated-header.tar", "entry 4 (after 'etc/hosts')", "corrupt or truncated archive",
                        () -> Arrays.copyOf(validTar(), 512 * 4 + 100)),
                hostile("bad-checksum.tar", "entry 2 (after './')", "header checksum mismatch", () -> {
                    byte[] b = validTar();
                    b[512 + 10] ^= 0x55; // the second header's name, so its checksum no longer matches
                    return b;
                }),
                hostile("absurd-size.tar", "entry 1 'huge'", "bytes of content, more than the",
                        () -> tar().pax(TestArchives.Tar.records("size", "999999999999999999"))
                                .file("huge", 0644, "x").bytes()),
                hostile("not-an-archive.tar", "archive", "not a tar or cpio archive",
                        () -> "just some text, no archive at all\n".repeat(40).getBytes(StandardCharsets.UTF_8)),
                hostile("truncated.tar.gz", "entry 1 'noise'", "truncated", () -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] noise = new byte[200_000];
                    new java.util.Random(1).nextBytes(noise);
                    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                        gz.write(tar().add(noiseEntry(noise.length), noise).bytes());
                    }
                    return Arrays.copyOf(out.toByteArray(), out.size() / 2);
                }),
                hostile("dotdot.cpio", "entry 1 '../x'", "'..' component",
                        () -> TestArchives.Cpio.newc().file("../x", 0644, 0, 0, "x").bytes()),
                hostile("absolute.cpio", "entry 2 '/etc/shadow'", "absolute name",
                        () -> TestArchives.Cpio.newc().dir(".", 0755).file("/etc/shadow", 0644, 0, 0, "x").bytes()),
                hostile("through-symlink.cpio", "entry 2 'l/x'", "written through a symlink",
                        () -> TestArchives.Cpio.newc().symlink("l", "/tmp").file("l/x", 0644, 0, 0, "x").bytes()),
                hostile("newline.cpio", "entry 1 'a\\nb'", "newline",
                        () -> TestArchives.Cpio.odc().file("a\nb", 0644, 0, 0, "x").bytes()),
                hostile("type-change.cpio", "entry 2 'd/'", "changes the type of /d from dir to file",
                        () -> TestArchives.Cpio.newc().dir("d", 0755).file("d/", 0644, 0, 0, "x").bytes()),
                hostile("truncated.cpio", "entry 2 'f'", "truncated", () -> {
                    byte[] b = TestArchives.Cpio.newc().dir("d", 0755).file("f", 0644, 0, 0, "y".repeat(3000))
                            .bytes();
                    return Arrays.copyOf(b, 110 * 2 + 1000);
                }),
                hostile("bad-magic.cpio", "entry 2 (after 'd')", "corrupt or truncated archive", () -> {
                    byte[] b = TestArchives.Cpio.newc().dir("d", 0755).file("f", 0644, 0, 0, "x").bytes();
                    int second = 112; // 110-byte header + "d\0" padded to 4
                    b[second] = 'X';
                    return b;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileArchivesFailNamingTheEntryAndChangeNothing(String name, String entry, String reason, Maker maker)
            throws Exception {
        Path root = tmp.resolve("work/rootfs");
        Path md = tmp.resolve("work/rootfs.mtree");
        Path sentinel = tmp.resolve("sentinel");
        TreeFixture.file(sentinel.resolve("etc/passwd"), "host\n");
        TreeFixture.file(sentinel.resolve("keep"), "keep\n");
        TreeFixture.file(tmp.resolve("work/keep"), "beside\n");
        Path good = tmp.resolve("in/good.tar");
        Files.createDirectories(good.getParent());
        Files.write(good, tar().dir("etc/", 0755).file("etc/passwd", 0640, 0, 42, "target\n").bytes());
        GoalContext ctx = GoalContext.of(root, md);
        GoalFrame.run(ctx, new StageService(new StageService.Options(List.of(ArchiveLayer.of(good)), false)));
        String rootBefore = TreeFixture.fingerprint(root);
        byte[] mdBefore = Files.readAllBytes(md);
        String outside = TreeFixture.fingerprint(sentinel) + TreeFixture.fingerprint(tmp.resolve("work"));

        Path bad = tmp.resolve("in").resolve(name);
        Files.write(bad, maker.make());
        ProblemsException e = assertThrows(ProblemsException.class, () -> GoalFrame.run(ctx,
                new StageService(new StageService.Options(List.of(ArchiveLayer.of(good), ArchiveLayer.of(bad)),
                        false))));
        String msg = e.getMessage() + "\n" + e.problems();
        assertTrue(msg.contains("archive " + bad), msg);
        assertTrue(msg.contains(entry), "expected '" + entry + "' in " + msg);
        assertTrue(msg.contains(reason), "expected '" + reason + "' in " + msg);
        assertEquals(rootBefore, TreeFixture.fingerprint(root), "the previous root changed");
        assertArrayEquals(mdBefore, Files.readAllBytes(md), "the metadata changed");
        assertEquals(outside, TreeFixture.fingerprint(sentinel) + TreeFixture.fingerprint(tmp.resolve("work")),
                "something outside the root changed");
    }
}
