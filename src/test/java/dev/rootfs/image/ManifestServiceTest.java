package dev.rootfs.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TreeFixture;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestServiceTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = tmp.resolve("rootfs");
        TreeFixture.file(root.resolve("etc/passwd"), "root:x:0:0::/:\nmessagebus:x:100:101::/:\n");
        TreeFixture.file(root.resolve("etc/group"), "root:x:0:\nmessagebus:x:101:\n");
        TreeFixture.file(root.resolve("var/lib/dbus/machine-id"), "0123\n");
    }

    private ManifestService.Result run(Path metadata, Path out, boolean failOnError) throws Exception {
        return GoalFrame.run(new GoalContext(root, metadata, tmp.resolve("reports"), Ownership.NEVER, failOnError,
                Log.SILENT), new ManifestService(new ManifestService.Options(out, true)));
    }

    @Test
    void writesListingMetadataAndReport() throws Exception {
        Path md = tmp.resolve("rootfs.mtree");
        Files.writeString(md, "#mtree\n./var/lib/dbus type=dir uid=100 gid=101 mode=0700\n");
        ManifestService.Result r = run(md, tmp.resolve("out/manifest.mtree"), true);
        assertEquals(8, r.entries());
        String listing = Files.readString(r.output());
        assertTrue(listing.startsWith("#mtree\n. type=dir mode=0"), listing);
        assertTrue(listing.contains("\n./var/lib/dbus type=dir mode=0700 uid=100 gid=101 uname=messagebus "
                + "gname=messagebus\n"), listing);
        assertTrue(listing.contains("./var/lib/dbus/machine-id type=file mode=0644 uid=0 gid=0 uname=root "
                + "gname=root sha256digest="), listing);
        assertEquals("#mtree\n./var/lib/dbus type=dir mode=0700 uid=100 gid=101\n", Files.readString(md));
        String report = Files.readString(tmp.resolve("reports/manifest.json"));
        assertTrue(report.contains("\"entries\": 8"), report);
        byte[] first = Files.readAllBytes(r.output());
        run(md, tmp.resolve("out/manifest.mtree"), true);
        assertEquals(new String(first), Files.readString(r.output()), "a second run gives the same bytes");
    }

    @Test
    void badMetadataFailsListingEveryProblemAndWritesNothing() throws Exception {
        Path md = tmp.resolve("rootfs.mtree");
        String bad = "#mtree\n./var type=dir mode=99\n./etc type=nope\n";
        Files.writeString(md, bad);
        Path out = tmp.resolve("out/manifest.mtree");
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> run(md, out, true));
        assertEquals("invalid metadata, nothing was written:\n  " + md + ":2: mode must be octal, got '99'\n  "
                + md + ":3: unknown type 'nope'", e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(bad, Files.readString(md));
        // failOnError=false warns and goes on without the bad records
        ManifestService.Result r = run(md, out, false);
        assertEquals(2, r.problems().size());
        assertTrue(Files.exists(out));
    }

    @Test
    void refusesOutputInsideTheRootAndMissingRoots() throws IOException {
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> run(tmp.resolve("m"), root.resolve("var/manifest"), true));
        assertTrue(e.getMessage().contains("lies inside the root"), e.getMessage());
        assertFalse(Files.exists(root.resolve("var/manifest")));
        root = tmp.resolve("missing");
        e = assertThrows(ProblemsException.class, () -> run(tmp.resolve("m"), tmp.resolve("o"), true));
        assertEquals("root directory " + root + " does not exist", e.getMessage());
    }

    @Test
    void hostileTreeIsListedWithoutReadingTheHost() throws Exception {
        Path sentinel = tmp.resolve("sentinel");
        TreeFixture.file(sentinel.resolve("secret"), "HOST");
        String before = TreeFixture.fingerprint(sentinel);
        TreeFixture.link(root.resolve("var/lib/up"), "../../../../../../..");
        TreeFixture.link(root.resolve("var/x"), "/etc/shadow");
        TreeFixture.link(root.resolve("var/host"), sentinel.toString());
        TreeFixture.link(root.resolve("var/loop"), "loop");
        TreeFixture.link(root.resolve("slash"), "/");
        Path md = tmp.resolve("rootfs.mtree");
        ManifestService.Result r = run(md, tmp.resolve("o.mtree"), true);
        String listing = Files.readString(r.output());
        assertTrue(listing.contains("./var/host type=link mode=0777 uid=0 gid=0 uname=root gname=root link="
                + sentinel + "\n"), listing);
        assertFalse(listing.contains("secret"), "nothing below a symlink is listed");
        assertEquals(13, r.entries());
        assertEquals(before, TreeFixture.fingerprint(sentinel));
    }

    @Test
    void metadataForMissingPathIsDroppedWithAWarning() throws Exception {
        Path md = tmp.resolve("rootfs.mtree");
        Files.writeString(md, "#mtree\n./var/cache/gone type=dir mode=0700\n");
        ManifestService.Result r = run(md, tmp.resolve("o.mtree"), true);
        assertEquals(1, r.problems().size());
        assertEquals("/var/cache/gone: the metadata records a path that does not exist in the root; record dropped",
                r.problems().get(0).toString());
        assertEquals("#mtree\n", Files.readString(md));
    }
}
