package dev.rootfs.image;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata exports, fed to the tools that read them where those exist here. */
class ExportsTest {
    @TempDir
    Path tmp;
    SampleRoot sample;
    Path pseudo;
    Path table;
    Path mtree;

    @BeforeEach
    void setUp() throws Exception {
        sample = SampleRoot.create(tmp);
        pseudo = tmp.resolve("out/rootfs.pseudo");
        table = tmp.resolve("out/device_table.txt");
        mtree = tmp.resolve("out/rootfs-listing.mtree");
        GoalFrame.run(GoalContext.of(sample.root, sample.metadata), new ArchiveService(ArchiveService.Options
                .builder(tmp.resolve("out/r.tar")).pseudoFile(pseudo).deviceTable(table).mtreeListing(mtree).build()));
    }

    @Test
    void mksquashfsPseudoFileGivesTheMetadataOwners() throws Exception {
        Tools.require("mksquashfs", "squashfs-tools");
        Tools.require("unsquashfs", "squashfs-tools");
        Path img = tmp.resolve("out/pf.sqfs");
        Tools.run(tmp, "mksquashfs", sample.root.toString(), img.toString(), "-noappend", "-quiet", "-no-progress",
                "-pf", pseudo.toString());
        String l = Tools.run(tmp, "unsquashfs", "-lln", img.toString());
        ArchiveServiceTest.assertLine(l, "squashfs-root/dev/console", "crw-------", "0/0", "5,  1");
        ArchiveServiceTest.assertLine(l, "squashfs-root/dev/sda", "brw-rw----", "0/6", "8,  0");
        ArchiveServiceTest.assertLine(l, "squashfs-root/usr/bin/app", "-rwsr-x---", "0/1000");
        ArchiveServiceTest.assertLine(l, "squashfs-root/usr/bin/app-again", "-rwsr-x---", "0/1000");
        ArchiveServiceTest.assertLine(l, "squashfs-root/var/log/journal", "drwxr-sr-x", "0/101");
        ArchiveServiceTest.assertLine(l, "squashfs-root/home/app", "drwx------", "1000/1000");
        ArchiveServiceTest.assertLine(l, "squashfs-root/tmp", "drwxrwxrwt", "0/0");
        ArchiveServiceTest.assertLine(l, "squashfs-root/run/initctl", "prw-------", "0/0");
        ArchiveServiceTest.assertLine(l, "squashfs-root/usr/lib/libx.so -> libx.so.1", "lrwxrwxrwx", "0/0");
        assertTrue(Files.readString(pseudo).contains("\n# root: -root-mode 755 -root-uid 0 -root-gid 0\n"));
    }

    @Test
    void deviceTableHasMakedevsLines() throws Exception {
        String t = Files.readString(table);
        assertTrue(t.startsWith("# <name>\t<type>\t<mode>\t<uid>\t<gid>\t<major>\t<minor>\t<start>\t<inc>\t<count>\n"));
        assertTrue(t.contains("\n/\td\t755\t0\t0\t-\t-\t-\t-\t-\n"), t);
        assertTrue(t.contains("\n/dev/console\tc\t600\t0\t0\t5\t1\t-\t-\t-\n"), t);
        assertTrue(t.contains("\n/dev/sda\tb\t660\t0\t6\t8\t0\t-\t-\t-\n"), t);
        assertTrue(t.contains("\n/run/initctl\tp\t600\t0\t0\t-\t-\t-\t-\t-\n"), t);
        assertTrue(t.contains("\n/usr/bin/app\tf\t4750\t0\t1000\t-\t-\t-\t-\t-\n"), t);
        assertTrue(t.contains("\n/var/log/journal\td\t2755\t0\t101\t-\t-\t-\t-\t-\n"), t);
        assertTrue(t.contains("\n/tmp\td\t1777\t0\t0\t-\t-\t-\t-\t-\n"), t);
        assertTrue(!t.contains("libx.so\t"), "makedevs has no symlink lines");
    }

    @Test
    void mtreeListingIsReadByBsdtar() throws Exception {
        Tools.require("bsdtar", "libarchive-tools");
        String m = Files.readString(mtree);
        assertTrue(m.contains("./usr/bin/app type=file mode=4750 uid=0 gid=1000 uname=root gname=app\n"), m);
        assertTrue(m.contains("#xattr ./usr/bin/ping security.capability="), m);
        // bsdtar builds an archive from the listing, taking owners from it and content from the tree
        Path t = tmp.resolve("out/from-mtree.tar");
        Tools.run(sample.root, "bsdtar", "-cf", t.toString(), "@" + mtree);
        String l = Tools.run(tmp, "bsdtar", "-tvf", t.toString());
        ArchiveServiceTest.assertLine(l, " ./var/log/journal/", "drwxr-sr-x", "root   systemd-journal");
        ArchiveServiceTest.assertLine(l, " ./dev/console", "crw-------", "5,1");
    }
}
