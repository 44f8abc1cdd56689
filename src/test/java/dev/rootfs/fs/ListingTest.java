package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.report.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingTest {
    @TempDir
    Path tmp;

    private static MetaEntry find(List<MetaEntry> l, String path) {
        return l.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void metadataOverridesDiskAndUnlistedEntriesAreRootOwned() throws IOException {
        TreeFixture.file(tmp.resolve("etc/passwd"), "app:x:1001:1002::/:\n");
        TreeFixture.file(tmp.resolve("etc/group"), "app:x:1002:\n");
        TreeFixture.file(tmp.resolve("var/lib/app/data"), "hello\n");
        Files.createDirectories(tmp.resolve("dev"));
        TreeFixture.link(tmp.resolve("var/lock"), "/run/lock");
        Metadata md = new Metadata();
        md.put(MetaEntry.of("/var/lib/app").withType(FileType.DIR).withMode(0750).withOwner(1001L, null)
                .withGroup(1002L, null));
        md.put(MetaEntry.of("/dev/console").withType(FileType.CHAR).withMode(0600).withDevice(5L, 1L));
        md.put(MetaEntry.of("/var/gone").withMode(0600));
        md.put(MetaEntry.of("/nodir/null").withType(FileType.CHAR).withDevice(1L, 3L));
        TargetRoot root = TargetRoot.open(tmp);
        List<Problem> problems = new ArrayList<>();
        List<MetaEntry> l = Listing.list(root, md, UserDb.load(root), new Listing.Options(true, false), problems);
        MetaEntry app = find(l, "/var/lib/app");
        assertEquals("./var/lib/app type=dir mode=0750 uid=1001 gid=1002 uname=app gname=app",
                MtreeFormat.format(app));
        assertEquals("./dev/console type=char mode=0600 uid=0 gid=0 uname=root gname=root device=native,5,1",
                MtreeFormat.format(find(l, "/dev/console")));
        assertEquals("./var/lock type=link mode=0777 uid=0 gid=0 uname=root gname=root link=/run/lock",
                MtreeFormat.format(find(l, "/var/lock")));
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
                find(l, "/var/lib/app/data").sha256());
        assertEquals(2, problems.size());
        assertEquals("/nodir/null", problems.get(0).where());
        assertEquals("/var/gone", problems.get(1).where());
        assertNull(md.get("/var/gone"), "the record of a missing path is dropped");
    }

    @Test
    void diskOwnersCountWhenAsked() throws IOException {
        TreeFixture.file(tmp.resolve("f"), "x");
        TargetRoot root = TargetRoot.open(tmp);
        long uid = (Integer) Files.getAttribute(tmp.resolve("f"), "unix:uid");
        List<MetaEntry> l = Listing.list(root, new Metadata(), UserDb.empty(), new Listing.Options(false, true),
                new ArrayList<>());
        assertEquals(uid, find(l, "/f").uid());
        assertNull(find(l, "/f").sha256());
    }

    @Test
    void typeMismatchIsReportedAndTheDiskWins() throws IOException {
        TreeFixture.file(tmp.resolve("notempty"), "data");
        Metadata md = new Metadata();
        md.put(MetaEntry.of("/notempty").withType(FileType.BLOCK).withDevice(8L, 0L));
        TargetRoot root = TargetRoot.open(tmp);
        List<Problem> problems = new ArrayList<>();
        List<MetaEntry> l = Listing.list(root, md, UserDb.empty(), new Listing.Options(false, false), problems);
        assertEquals(FileType.FILE, find(l, "/notempty").type());
        assertNull(find(l, "/notempty").devMajor());
        assertTrue(problems.get(0).message().contains("type=block"), problems.toString());
    }

    @Test
    void diffIsReadable() {
        Metadata a = new Metadata();
        Metadata b = new Metadata();
        a.put(MetaEntry.of("/var").withType(FileType.DIR).withMode(0755));
        b.put(MetaEntry.of("/var").withType(FileType.DIR).withMode(02755));
        a.put(MetaEntry.of("/var/only-expected").withType(FileType.FILE));
        b.put(MetaEntry.of("/var/only-actual").withType(FileType.FIFO));
        assertEquals(List.of("~ changed  ./var: mode 0755 -> 2755",
                "+ extra    ./var/only-actual type=fifo",
                "- missing  ./var/only-expected type=file"), ListingDiff.diff(a, b));
        assertEquals(List.of(), ListingDiff.diff(a, a));
    }
}
