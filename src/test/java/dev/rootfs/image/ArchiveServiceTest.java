package dev.rootfs.image;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The archive against the real tar, bsdtar and cpio readers, on a tree with every node type. */
class ArchiveServiceTest {
    static final long EPOCH = 1_600_000_000L; // 2020-09-13 12:26:40 UTC, before the sample's mtimes

    @TempDir
    Path tmp;
    SampleRoot sample;

    @BeforeEach
    void setUp() throws Exception {
        sample = SampleRoot.create(tmp);
    }

    ArchiveService request(Path out, ArchiveFormat f, Compression c, boolean numeric) {
        return new ArchiveService(ArchiveService.Options.builder(out).format(f).compression(c).mtime(EPOCH)
                .numericOwner(numeric).build());
    }

    /** With user and group names, so listings show the target's names. */
    Path archive(ArchiveFormat f, Compression c, String name) throws Exception {
        return archive(f, c, name, false);
    }

    Path archive(ArchiveFormat f, Compression c, String name, boolean numeric) throws Exception {
        Path out = tmp.resolve("out/" + name);
        GoalFrame.run(GoalContext.of(sample.root, sample.metadata), request(out, f, c, numeric));
        return out;
    }

    static void assertLine(String listing, String member, String... parts) {
        List<String> lines = Tools.linesEndingWith(listing, member).stream()
                .filter(x -> member.contains(" link to ") || !x.contains(" link to ")).toList();
        assertEquals(1, lines.size(), () -> "one line for " + member + " in\n" + listing);
        for (String p : parts) {
            assertTrue(lines.get(0).contains(p), () -> "'" + p + "' in: " + lines.get(0));
        }
    }

    @Test
    void gnuTarShowsTheMetadataOwnersModesAndTypes() throws Exception {
        Tools.require("tar", "tar");
        Path tar = archive(ArchiveFormat.TAR, Compression.NONE, "rootfs.tar");
        String l = Tools.run(tmp, "tar", "--xattrs", "--xattrs-include=*", "-tvvf", tar.toString());
        assertLine(l, " ./", "drwxr-xr-x", "root/root", "2020-09-13 12:26");
        assertLine(l, " ./dev/console", "crw-------", "root/root", "5,1");
        assertLine(l, " ./dev/sda", "brw-rw----", "root/disk", "8,0");
        assertLine(l, " ./run/initctl", "prw-------", "root/root");
        assertLine(l, " ./tmp/", "drwxrwxrwt", "root/root");
        assertLine(l, " ./usr/bin/app", "-rwsr-x---", "root/app", " 19 ");
        assertLine(l, " ./usr/bin/app-again link to ./usr/bin/app", "hrwsr-x---");
        assertLine(l, " ./usr/lib/libx.so -> libx.so.1", "lrwxrwxrwx", "root/root");
        assertLine(l, " ./var/log/journal/", "drwxr-sr-x", "root/systemd-journal");
        assertLine(l, " ./home/app/", "drwx------", "app/app");
        assertLine(l, SampleRoot.LONG_FILE, "-rw-r--r--", " 10 ");
        assertTrue(l.contains("-rwxr-xr-x* root/root        12 2020-09-13 12:26 ./usr/bin/ping\n"
                + "  x: 20 security.capability\n  x: 6 user.comment\n"), l);
        String numeric = Tools.run(tmp, "tar", "--numeric-owner", "-tvf", tar.toString());
        assertLine(numeric, " ./var/log/journal/", "0/101");
        assertLine(numeric, " ./home/app/", "1000/1000");
    }

    @Test
    void bsdtarShowsTheSameAndExtractsHardLinkData() throws Exception {
        Tools.require("bsdtar", "libarchive-tools");
        Path tar = archive(ArchiveFormat.TAR, Compression.NONE, "rootfs.tar");
        String l = Tools.run(tmp, "bsdtar", "-tvf", tar.toString());
        assertLine(l, " ./dev/console", "crw-------", "root   root", "5,1");
        assertLine(l, " ./dev/sda", "brw-rw----", "root   disk", "8,0");
        assertLine(l, " ./usr/bin/app", "-rwsr-x---", "root   app");
        assertLine(l, " ./var/log/journal/", "drwxr-sr-x", "root   systemd-journal");
        assertLine(l, SampleRoot.LONG_FILE, "-rw-r--r--");
        assertEquals(List.of("./"), Stream.of(l.split("\n")).limit(1).map(s -> s.substring(s.lastIndexOf(' ') + 1))
                .toList());
        Path x = Files.createDirectories(tmp.resolve("x"));
        Tools.run(x, "bsdtar", "-xf", tar.toString(), "--exclude", "./dev/*", "./usr");
        assertEquals("#!/bin/sh\necho app\n", Files.readString(x.resolve("usr/bin/app-again")));
        assertEquals(Files.readString(sample.root.resolve(SampleRoot.LONG_FILE.substring(1))),
                Files.readString(x.resolve(SampleRoot.LONG_FILE.substring(1))));
    }

    @Test
    void entriesAreSortedParentsFirst() throws Exception {
        Tools.require("tar", "tar");
        Path tar = archive(ArchiveFormat.TAR, Compression.NONE, "rootfs.tar");
        List<String> names = List.of(Tools.run(tmp, "tar", "-tf", tar.toString()).split("\n"));
        assertEquals(List.of("./", "./dev/", "./dev/console", "./dev/sda", "./etc/", "./etc/group", "./etc/passwd",
                "./home/", "./home/app/", "./run/", "./run/initctl", "./tmp/", "./usr/", "./usr/bin/",
                "./usr/bin/app", "./usr/bin/app-again", "./usr/bin/ping", "./usr/lib/", "./usr/lib/libx.so",
                "./usr/lib/libx.so.1", "./usr/share/"), names.subList(0, 21));
    }

    @ParameterizedTest
    @CsvSource({"TAR,NONE,rootfs.tar", "TAR,GZIP,rootfs.tar.gz", "TAR,XZ,rootfs.tar.xz", "TAR,ZSTD,rootfs.tar.zst",
            "CPIO,NONE,rootfs.cpio", "CPIO,GZIP,rootfs.cpio.gz"})
    void twoRunsAreByteIdenticalAndNewerMtimesAreClamped(ArchiveFormat f, Compression c, String name)
            throws Exception {
        byte[] first = Files.readAllBytes(archive(f, c, name));
        // a rebuilt root has new mtimes; clamped to the timestamp they change nothing
        Tools.run(tmp, "touch", sample.root.resolve("usr/bin/ping").toString(), sample.root.resolve("etc").toString());
        byte[] second = Files.readAllBytes(archive(f, c, "again-" + name));
        assertArrayEquals(first, second);
        assertTrue(first.length > 0);
    }

    @Test
    void compressedArchivesAreReadByTheRealTools() throws Exception {
        Tools.require("tar", "tar");
        Tools.require("xz", "xz-utils");
        Tools.require("zstd", "zstd");
        for (Compression c : List.of(Compression.GZIP, Compression.XZ, Compression.ZSTD)) {
            Path a = archive(ArchiveFormat.TAR, c, "rootfs.tar" + c.suffix());
            String flag = switch (c) {
                case GZIP -> "--gzip";
                case XZ -> "--xz";
                default -> "--zstd";
            };
            assertLine(Tools.run(tmp, "tar", flag, "-tvf", a.toString()), " ./usr/bin/app", "-rwsr-x---", "root/app");
        }
    }

    @Test
    void cpioNewcShowsOwnersDevicesAndKeepsHardLinkData() throws Exception {
        Tools.require("cpio", "cpio");
        Tools.require("bsdtar", "libarchive-tools");
        Path cpio = archive(ArchiveFormat.CPIO, Compression.NONE, "rootfs.cpio");
        String l = Tools.run(tmp, cpio, "cpio", "-itv", "--numeric-uid-gid", "--quiet");
        assertLine(l, " ./dev/console", "crw-------", "5,", "1");
        assertLine(l, " ./dev/sda", "brw-rw----", "0        6");
        assertLine(l, " ./usr/bin/app", "-rwsr-x---", "0        1000");
        assertLine(l, " ./home/app", "drwx------", "1000     1000");
        assertLine(l, " ./usr/lib/libx.so -> libx.so.1", "lrwxrwxrwx");
        assertTrue(l.startsWith("drwxr-xr-x"), l);
        Path x = Files.createDirectories(tmp.resolve("x"));
        Tools.run(x, "bsdtar", "-xf", cpio.toString(), "./usr/bin/app", "./usr/bin/app-again");
        assertEquals("#!/bin/sh\necho app\n", Files.readString(x.resolve("usr/bin/app")));
        assertEquals("#!/bin/sh\necho app\n", Files.readString(x.resolve("usr/bin/app-again")));
        assertEquals(Files.getAttribute(x.resolve("usr/bin/app"), "unix:ino"),
                Files.getAttribute(x.resolve("usr/bin/app-again"), "unix:ino"));
    }

    @Test
    void sqfstarBuildsAnImageWithTheMetadataOwners() throws Exception {
        Tools.require("sqfstar", "squashfs-tools");
        Tools.require("unsquashfs", "squashfs-tools");
        Path tar = archive(ArchiveFormat.TAR, Compression.NONE, "rootfs.tar", true);
        Path img = tmp.resolve("out/tar.sqfs");
        Tools.run(tmp, tar, "sqfstar", "-quiet", "-no-progress", img.toString());
        String l = Tools.run(tmp, "unsquashfs", "-lln", img.toString());
        assertLine(l, "squashfs-root/dev/console", "crw-------", "0/0", "5,  1");
        assertLine(l, "squashfs-root/usr/bin/app", "-rwsr-x---", "0/1000");
        assertLine(l, "squashfs-root/var/log/journal", "drwxr-sr-x", "0/101");
        assertLine(l, "squashfs-root/tmp", "drwxrwxrwt");
        assertLine(l, "squashfs-root/run/initctl", "prw-------");
    }
}
