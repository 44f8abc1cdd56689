package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata file and the canonical listing are real mtree: libarchive builds archives from them. */
class MetadataLibarchiveTest {
    @TempDir
    Path tmp;

    private TargetRoot sampleRoot(Metadata md) throws IOException {
        Path r = Files.createDirectory(tmp.resolve("root"));
        TreeFixture.file(r.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nsystemd-journal:x:101:101::/:\n"
                + "app:x:1000:1000::/:\n");
        TreeFixture.file(r.resolve("etc/group"), "root:x:0:\nsystemd-journal:x:101:\napp:x:1000:\n");
        TreeFixture.file(r.resolve("usr/bin/su"), "#!/bin/sh\n");
        TreeFixture.file(r.resolve("var/lib/app/state db"), "state\n");
        Files.createDirectories(r.resolve("dev"));
        TreeFixture.link(r.resolve("var/lock"), "/run/lock");
        Files.createDirectories(r.resolve("var/log/journal"));
        Files.createDirectories(r.resolve("tmp"));
        TargetRoot root = TargetRoot.open(r);
        root.mkfifo("/var/lib/app/pipe", 0600);
        md.put(MetaEntry.of("/var/log/journal").withType(FileType.DIR).withMode(02755).withGroup(101L, null));
        md.put(MetaEntry.of("/tmp").withMode(01777));
        md.put(MetaEntry.of("/usr/bin/su").withMode(04755));
        md.put(MetaEntry.of("/var/lib/app").withMode(0750).withOwner(1000L, "app").withGroup(1000L, "app"));
        md.put(MetaEntry.of("/var/lib/app/state db").withMode(0640).withOwner(1000L, "app"));
        md.put(MetaEntry.of("/var/lib/app/pipe").withType(FileType.FIFO).withMode(0620).withOwner(1000L, null));
        md.put(MetaEntry.of("/dev/console").withType(FileType.CHAR).withMode(0600).withDevice(5L, 1L));
        md.put(MetaEntry.of("/dev/sda").withType(FileType.BLOCK).withMode(0660).withDevice(8L, 0L)
                .withGroup(6L, null));
        return root;
    }

    private Map<String, TarArchiveEntry> bsdtar(Path cwd, Path mtree) throws Exception {
        HostTools.require("bsdtar", "libarchive-tools");
        Path tar = tmp.resolve("x.tar");
        Processes.Run run = Processes.run(cwd, List.of("bsdtar", "-cf", tar.toString(), "@" + mtree));
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, TarArchiveEntry> out = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                String name = e.getName().replaceAll("/$", "");
                out.put(name.equals(".") ? "/" : name.substring(1), e);
            }
        }
        Files.delete(tar);
        return out;
    }

    private static void assertSame(MetaEntry m, TarArchiveEntry t) {
        String where = m.path();
        if (m.mode() != null) {
            assertEquals(MtreeFormat.octal(m.mode()), MtreeFormat.octal(t.getMode() & 07777), where);
        }
        if (m.uid() != null) {
            assertEquals(m.uid().longValue(), t.getLongUserId(), where);
        }
        if (m.gid() != null) {
            assertEquals(m.gid().longValue(), t.getLongGroupId(), where);
        }
        if (m.uname() != null) {
            assertEquals(m.uname(), t.getUserName(), where);
        }
        if (m.gname() != null) {
            assertEquals(m.gname(), t.getGroupName(), where);
        }
        if (m.type() != null) {
            FileType tt = t.isDirectory() ? FileType.DIR : t.isSymbolicLink() ? FileType.LINK
                    : t.isFIFO() ? FileType.FIFO : t.isCharacterDevice() ? FileType.CHAR
                    : t.isBlockDevice() ? FileType.BLOCK : FileType.FILE;
            assertEquals(m.type(), tt, where);
        }
        if (m.link() != null) {
            assertEquals(m.link(), t.getLinkName(), where);
        }
        if (m.devMajor() != null) {
            assertEquals(m.devMajor().intValue(), t.getDevMajor(), where);
            assertEquals(m.devMinor().intValue(), t.getDevMinor(), where);
        }
    }

    @Test
    void sparseMetadataFileBuildsAnArchiveWithItsOwnersAndModes() throws Exception {
        Metadata md = new Metadata();
        TargetRoot root = sampleRoot(md);
        // records written by users may lack type=; a walk completes them before they are written back
        Listing.generate(root, md, UserDb.load(root), new Listing.Options(false, false), e -> { });
        Path file = tmp.resolve("rootfs.mtree");
        try (MetadataFile mf = MetadataFile.open(file)) {
            mf.write(md);
        }
        Map<String, TarArchiveEntry> tar = bsdtar(root.hostRoot(), file);
        assertEquals(md.size(), tar.size());
        for (MetaEntry m : md.entries()) {
            assertSame(m, assertNotNullEntry(tar, m.path()));
        }
    }

    @Test
    void canonicalListingBuildsAnArchiveEqualToIt() throws Exception {
        Metadata md = new Metadata();
        TargetRoot root = sampleRoot(md);
        List<dev.rootfs.report.Problem> problems = new ArrayList<>();
        List<MetaEntry> listing = Listing.list(root, md, UserDb.load(root), new Listing.Options(true, false),
                problems);
        assertEquals(List.of(), problems);
        Path file = tmp.resolve("listing.mtree");
        StringBuilder sb = new StringBuilder(MtreeFormat.HEADER + "\n");
        listing.forEach(e -> sb.append(MtreeFormat.format(e)).append('\n'));
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        Map<String, TarArchiveEntry> tar = bsdtar(root.hostRoot(), file);
        assertEquals(listing.size(), tar.size());
        for (MetaEntry m : listing) {
            assertSame(m, assertNotNullEntry(tar, m.path()));
        }
        assertEquals("systemd-journal", tar.get("/var/log/journal").getGroupName());
    }

    private static TarArchiveEntry assertNotNullEntry(Map<String, TarArchiveEntry> tar, String path) {
        TarArchiveEntry e = tar.get(path);
        assertNotNull(e, "archive lacks " + path + " (has " + tar.keySet() + ")");
        return e;
    }
}
