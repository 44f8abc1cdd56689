package dev.rootfs.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TreeFixture;
import dev.rootfs.fs.UserDb;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StageServiceTest {
    /** security.capability v2 for cap_net_raw+ep: bytes that are not valid UTF-8 on purpose. */
    static final byte[] CAP_NET_RAW = {0, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path tmp;

    Path root() {
        return tmp.resolve("work/rootfs");
    }

    Path metadata() {
        return tmp.resolve("work/rootfs.mtree");
    }

    StageService.Result stage(boolean overwrite, Layer... layers) throws Exception {
        return GoalFrame.run(GoalContext.of(root(), metadata()),
                new StageService(new StageService.Options(List.of(layers), overwrite)));
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve("in").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    /** The root's canonical listing (metadata over disk, digests), as mtree lines. */
    String listing() throws Exception {
        TargetRoot r = TargetRoot.open(root());
        Metadata md = MtreeFormat.parse(Files.readString(metadata()), "md").metadata();
        List<Problem> problems = new ArrayList<>();
        List<MetaEntry> list = Listing.list(r, md, UserDb.load(r), new Listing.Options(true, false), problems);
        assertEquals(List.of(), problems);
        return list.stream().map(MtreeFormat::format).collect(Collectors.joining("\n"));
    }

    static String line(String listing, String path) {
        return listing.lines().filter(l -> l.startsWith(path + " ")).findFirst().orElse("(none: " + path + ")");
    }

    @Test
    void archiveTreeFileMtreeAndPermissionLayersBuildOneRoot() throws Exception {
        byte[] tar = new TestArchives.Tar()
                .dir("./", 0755).dir("./etc/", 0755)
                .file("./etc/passwd", 0644, "root:x:0:0::/root:/bin/sh\nwww:x:33:33::/var/www:/bin/false\n")
                .file("./etc/group", 0644, "root:x:0:\nwww:x:33:\ndisk:x:6:\n")
                .dir("./usr/", 0755).dir("./usr/bin/", 0755)
                .file("./usr/bin/su", 04755, "su")
                .hardlink("./usr/bin/su2", "./usr/bin/su")
                .symlink("./bin", "usr/bin")
                .dir("./dev/", 0755).device("./dev/sda", false, 0660, 8, 0).fifo("./run-fifo", 0600)
                .pax(TestArchives.Tar.records("SCHILY.xattr.security.capability", CAP_NET_RAW,
                        "SCHILY.acl.access", "user::rwx,user:www:r-x:33,group::r-x,mask::r-x,other::r-x"))
                .file("./usr/bin/ping", 0755, "ping")
                .dir("./srv/", 0555).file("./srv/data", 0444, 33, 33, "data")
                .bytes();
        Path archive = write("base.tar", tar);
        Path tree = tmp.resolve("in/tree");
        TreeFixture.file(tree.resolve("etc/motd"), "hello\n");
        TreeFixture.file(tree.resolve("bin/tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tree.resolve("bin/tool"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-xr-x"));
        Path jar = write("app.jar", "JAR".getBytes(StandardCharsets.UTF_8));
        Path spec = write("extra.mtree", ("#mtree\n./var type=dir mode=0755\n./var/www type=dir mode=0750 uname=www"
                + " gname=www\n./dev/console type=char mode=0600 device=native,5,1\n./etc/motd mode=0640 gid=6\n")
                .getBytes(StandardCharsets.UTF_8));
        stage(false, ArchiveLayer.of(archive), new TreeLayer(tree, "/"), new FileLayer(jar, "/opt/app.jar", null),
                new MtreeLayer(spec), new PermissionsLayer(List.of(
                        new PermissionsLayer.Rule("/opt/**", "www:www", 0640, 0750))));
        String l = listing();
        assertTrue(line(l, "./usr/bin/su").contains("mode=4755 uid=0 gid=0"), l);
        assertTrue(line(l, "./srv").contains("type=dir mode=0555"), l);
        assertTrue(line(l, "./srv/data").contains("mode=0444 uid=33 gid=33 uname=www gname=www"), l);
        assertTrue(line(l, "./dev/sda").contains("type=block mode=0660 uid=0 gid=6 uname=root gname=disk "
                + "device=native,8,0"), l);
        assertTrue(line(l, "./dev/console").contains("type=char mode=0600 uid=0 gid=0"), l);
        assertTrue(line(l, "./run-fifo").contains("type=fifo mode=0600"), l);
        assertTrue(l.contains("#xattr ./usr/bin/ping security.capability="
                + Base64.getEncoder().encodeToString(CAP_NET_RAW)), l);
        // user::rwx, user:33 r-x, group::r-x, mask r-x, other r-x in the kernel's binary form
        assertTrue(l.contains("#xattr ./usr/bin/ping system.posix_acl_access=AgAAAAEABwD/////AgAFACEAAAAEAAUA/////"
                + "xAABQD/////IAAFAP////8="), l);
        // the tree's bin/tool lands in usr/bin through the base's bin -> usr/bin
        assertTrue(line(l, "./usr/bin/tool").contains("type=file mode=0755"), l);
        assertTrue(line(l, "./etc/motd").contains("mode=0640 uid=0 gid=6"), l);
        assertTrue(line(l, "./var/www").contains("type=dir mode=0750 uid=33 gid=33"), l);
        assertTrue(line(l, "./opt/app.jar").contains("mode=0640 uid=33 gid=33"), l);
        assertTrue(line(l, "./opt").contains("mode=0750 uid=33 gid=33"), l);
        Object su = Files.getAttribute(root().resolve("usr/bin/su"), "unix:ino", LinkOption.NOFOLLOW_LINKS);
        assertEquals(su, Files.getAttribute(root().resolve("usr/bin/su2"), "unix:ino", LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root().resolve("dev/sda"), LinkOption.NOFOLLOW_LINKS), "no device without root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gz", "xz", "zstd", "bzip2"})
    void compressionIsDetectedFromTheContentNotTheName(String compression) throws Exception {
        byte[] tar = new TestArchives.Tar().dir("./", 0755).file("./hello", 0600, 1000, 1000, "hi").bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String name = compression.equals("gz") ? CompressorStreamFactory.GZIP : compression.equals("xz")
                ? CompressorStreamFactory.XZ : compression.equals("zstd") ? CompressorStreamFactory.ZSTANDARD
                : CompressorStreamFactory.BZIP2;
        try (OutputStream c = new CompressorStreamFactory().createCompressorOutputStream(name, out)) {
            c.write(tar);
        }
        stage(false, ArchiveLayer.of(write("misnamed.zip", out.toByteArray())));
        assertTrue(line(listing(), "./hello").contains("mode=0600 uid=1000 gid=1000"));
        assertEquals("hi", Files.readString(root().resolve("hello")));
    }

    @Test
    void cpioNewcAndOdcKeepOwnersDevicesSymlinksAndHardLinks() throws Exception {
        byte[] newc = TestArchives.Cpio.newc().dir(".", 0755).dir("bin", 0755)
                .add("bin/a", 0100755, 0, 0, 3, 77, new byte[0])
                .add("bin/b", 0100755, 0, 0, 3, 77, new byte[0])
                .add("bin/c", 0100755, 0, 0, 3, 77, "shared".getBytes(StandardCharsets.UTF_8))
                .symlink("sh", "bin/a").device("tty", 0620, 4, 1).file("owned", 0640, 7, 8, "x").bytes();
        byte[] odc = TestArchives.Cpio.odc().dir("etc", 0700).device("null", 0666, 1, 3).bytes();
        stage(false, ArchiveLayer.of(write("a.cpio", newc)), ArchiveLayer.of(write("b.cpio", odc)));
        String l = listing();
        assertTrue(line(l, "./tty").contains("type=char mode=0620 uid=0 gid=0 uname=root gname=root "
                + "device=native,4,1"), l);
        assertTrue(line(l, "./null").contains("type=char mode=0666") && line(l, "./null").contains("1,3"), l);
        assertTrue(line(l, "./owned").contains("mode=0640 uid=7 gid=8"), l);
        assertTrue(line(l, "./etc").contains("mode=0700"), l);
        assertEquals("bin/a", Files.readSymbolicLink(root().resolve("sh")).toString());
        for (String n : List.of("a", "b", "c")) {
            assertEquals("shared", Files.readString(root().resolve("bin/" + n)), n);
        }
        assertEquals(3, Files.getAttribute(root().resolve("bin/a"), "unix:nlink"));
    }

    @Test
    void duplicateEntriesLastWinsAsTarDoes() throws Exception {
        byte[] tar = new TestArchives.Tar().file("f", 0600, 5, 5, "one").file("f", 0644, "two").bytes();
        stage(false, ArchiveLayer.of(write("dup.tar", tar)));
        assertEquals("two", Files.readString(root().resolve("f")));
        assertTrue(line(listing(), "./f").contains("mode=0644 uid=0 gid=0"));
    }

    @Test
    void layersThatDisagreeOnATypeFailNamingBothUnlessOverwrite() throws Exception {
        Path a = write("a.tar", new TestArchives.Tar().dir("opt/", 0755).file("opt/x", 0644, "x").bytes());
        Path b = write("b.tar", new TestArchives.Tar().file("opt", 0644, "file").bytes());
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> stage(false, ArchiveLayer.of(a), ArchiveLayer.of(b)));
        String msg = e.getMessage() + e.problems();
        assertTrue(msg.contains("/opt is a dir in archive " + a) && msg.contains("but a file in archive " + b), msg);
        assertFalse(Files.exists(root()), "nothing is left when the first run fails");
        stage(true, ArchiveLayer.of(a), ArchiveLayer.of(b));
        assertEquals("file", Files.readString(root().resolve("opt")));
    }

    @Test
    void aKilledRunsLeftoversDoNotStopTheNextRun() throws Exception {
        Path archive = write("a.tar", new TestArchives.Tar().dir("ro/", 0555).file("ro/f", 0444, "f").bytes());
        stage(false, ArchiveLayer.of(archive));
        // what a run killed before its swap leaves: a staging directory with read-only parts
        Path left = root().resolveSibling(".rootfs.rootfs-stage");
        Files.createDirectories(left.resolve("ro"));
        Files.writeString(left.resolve("ro/junk"), "junk");
        Files.setPosixFilePermissions(left.resolve("ro"), java.nio.file.attribute.PosixFilePermissions
                .fromString("r-xr-xr-x"));
        Path old = root().resolveSibling(".rootfs.rootfs-old");
        Files.createDirectories(old);
        stage(false, ArchiveLayer.of(archive));
        assertFalse(Files.exists(left));
        assertFalse(Files.exists(old));
        assertEquals("f", Files.readString(root().resolve("ro/f")));
    }

    @Test
    void restagingGivesTheSameRootAndMetadata() throws Exception {
        Path archive = write("a.tar", new TestArchives.Tar().dir("d/", 02750).file("d/f", 0600, 3, 4, "f").bytes());
        stage(false, ArchiveLayer.of(archive));
        String first = listing();
        String md = Files.readString(metadata());
        stage(false, ArchiveLayer.of(archive));
        assertEquals(first, listing());
        assertEquals(md, Files.readString(metadata()));
    }

    @Test
    void includesExcludesAndPrefixSelectAndPlaceEntries() throws Exception {
        Path archive = write("a.tar", new TestArchives.Tar().dir("usr/", 0755).dir("usr/share/", 0755)
                .dir("usr/share/doc/", 0755).file("usr/share/doc/README", 0644, "doc")
                .file("usr/lib.so", 0644, "lib").bytes());
        stage(false, new ArchiveLayer(archive, "a.tar", List.of(Glob.of("opt/sub/usr/**")),
                List.of(Glob.of("**/doc/**")), "/opt/sub"));
        assertTrue(Files.exists(root().resolve("opt/sub/usr/lib.so")));
        assertFalse(Files.exists(root().resolve("opt/sub/usr/share/doc")));
    }

    @Test
    void permissionRulesNamingUnknownUsersFail() throws Exception {
        Path archive = write("a.tar", new TestArchives.Tar().file("f", 0644, "f").bytes());
        ProblemsException e = assertThrows(ProblemsException.class, () -> stage(false, ArchiveLayer.of(archive),
                new PermissionsLayer(List.of(new PermissionsLayer.Rule("/f", "nobody", null, null)))));
        assertTrue(e.problems().toString().contains("permissions rule 1 (/f): user 'nobody' is not in the "
                + "target's /etc/passwd"), e.problems().toString());
    }
}
