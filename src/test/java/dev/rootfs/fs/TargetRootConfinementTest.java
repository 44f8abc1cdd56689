package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trees built to escape the root. After every test the sentinel directory beside the root must be unchanged,
 * and no read may return its content.
 */
class TargetRootConfinementTest {
    private static final String HOST = "HOST-SECRET";

    @TempDir
    Path tmp;
    Path rootDir;
    Path sentinel;
    String sentinelPrint;
    TargetRoot root;

    @BeforeEach
    void setUp() throws IOException {
        rootDir = Files.createDirectory(tmp.resolve("root"));
        sentinel = Files.createDirectory(tmp.resolve("sentinel"));
        TreeFixture.file(sentinel.resolve("secret"), HOST);
        TreeFixture.file(sentinel.resolve("etc/shadow"), HOST);
        TreeFixture.file(sentinel.resolve("lib/x"), HOST);
        sentinelPrint = TreeFixture.fingerprint(sentinel);
        root = TargetRoot.open(rootDir);
    }

    @AfterEach
    void sentinelUnchanged() throws IOException {
        assertEquals(sentinelPrint, TreeFixture.fingerprint(sentinel), "the sentinel outside the root changed");
    }

    private String text(String path) throws IOException {
        return new String(root.read(path), StandardCharsets.UTF_8);
    }

    @Test
    void varLinkToSlashStaysInRoot() throws IOException {
        TreeFixture.link(rootDir.resolve("var"), "/");
        assertEquals(rootDir.resolve("lib/foo"), root.resolve("/var/lib/foo"));
        root.mkdirs("/var/lib/foo", 0755);
        assertTrue(Files.isDirectory(rootDir.resolve("lib/foo")));
        root.mkdirs("/var/" + sentinel + "/x", 0755);
        assertTrue(Files.isDirectory(rootDir.resolve(sentinel.toString().substring(1) + "/x")));
        root.write("/var/secret", "mine".getBytes(StandardCharsets.UTF_8));
        assertEquals("mine", Files.readString(rootDir.resolve("secret")));
        root.delete("/var");
        assertFalse(Files.exists(rootDir.resolve("var"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(rootDir.resolve("lib/foo")), "deleting the symlink kept its target");
    }

    @Test
    void relativeDotDotChainIsClampedAtRoot() throws IOException {
        Files.createDirectories(rootDir.resolve("var"));
        TreeFixture.link(rootDir.resolve("var/lib"), "../../../../..");
        assertEquals(rootDir.resolve("x"), root.resolve("/var/lib/x"));
        assertEquals(rootDir.resolve("sentinel/secret"), root.resolve("/var/lib/sentinel/secret"));
        assertThrows(TargetPathException.class, () -> root.read("/var/lib/sentinel/secret"));
        assertThrows(TargetPathException.class, () -> root.read("/var/lib/../../../sentinel/secret"));
        root.write("/var/lib/evil", new byte[] {1});
        assertTrue(Files.exists(rootDir.resolve("evil")));
        root.mkdirs("/var/lib/lib/x", 0755);
        assertTrue(Files.isDirectory(rootDir.resolve("lib/x")));
        assertEquals("/", root.canonical("/var/lib/../../.."));
    }

    @Test
    void absoluteLinkToShadowReadsTheRootsOwnShadowOrNothing() throws IOException {
        Files.createDirectories(rootDir.resolve("var"));
        TreeFixture.link(rootDir.resolve("var/x"), "/etc/shadow");
        TreeFixture.link(rootDir.resolve("var/y"), sentinel + "/secret");
        assertEquals(FileType.LINK, root.stat("/var/x").type());
        assertNull(root.statFollow("/var/x"));
        assertThrows(TargetPathException.class, () -> root.read("/var/x"));
        assertThrows(TargetPathException.class, () -> root.read("/var/y"));
        // writing through the final symlink is refused instead of landing in the link's target
        assertThrows(TargetPathException.class, () -> root.write("/var/y", "pwned".getBytes()));
        assertThrows(TargetPathException.class, () -> root.append("/var/y", "pwned".getBytes()));
        TreeFixture.file(rootDir.resolve("etc/shadow"), "root:*:");
        assertEquals("root:*:", text("/var/x"));
        root.chmod("/var/y", 0777);
        assertEquals(0644, Files.getAttribute(sentinel.resolve("secret"), "unix:mode") instanceof Integer m
                ? m & 0777 : -1);
    }

    @Test
    void symlinkLoopIsReportedWithThePath() throws IOException {
        TreeFixture.link(rootDir.resolve("a"), "b");
        TreeFixture.link(rootDir.resolve("b"), "/a");
        TargetPathException e = assertThrows(TargetPathException.class, () -> root.resolve("/a/file"));
        assertTrue(e.getMessage().startsWith("/a/file: too many levels of symbolic links"), e.getMessage());
        assertThrows(TargetPathException.class, () -> root.mkdirs("/a/b/c", 0755));
        TreeFixture.link(rootDir.resolve("self"), "self");
        assertThrows(TargetPathException.class, () -> root.write("/self/x", new byte[0]));
        // the loop itself is still a plain node for no-follow operations
        assertEquals(FileType.LINK, root.stat("/a").type());
    }

    @Test
    void debianVarLockAbsoluteLinkGetsItsTargetCreatedInsideTheRoot() throws IOException {
        Files.createDirectories(rootDir.resolve("var"));
        TreeFixture.link(rootDir.resolve("var/lock"), "/run/lock");
        assertEquals("/run/lock/deep/er", root.mkdirs("/var/lock/deep/er", 0750));
        assertTrue(Files.isDirectory(rootDir.resolve("run/lock/deep/er")));
        assertEquals(0750, root.stat("/run/lock/deep/er").mode());
        assertTrue(Files.isSymbolicLink(rootDir.resolve("var/lock")));
    }

    @Test
    void absoluteHostPathLinkIsReRooted() throws IOException {
        TreeFixture.link(rootDir.resolve("s"), sentinel.toString());
        assertEquals(rootDir.resolve(sentinel.toString().substring(1) + "/secret"), root.resolve("/s/secret"));
        assertNull(root.statFollow("/s/secret"));
        root.mkdirs("/s/new", 0700);
        root.write("/s/new/f", "x".getBytes());
        assertFalse(Files.exists(sentinel.resolve("new")));
        root.copyTree("/s", "/copy");
        assertTrue(Files.isSymbolicLink(rootDir.resolve("copy")), "copy of a symlink is a symlink");
    }

    @Test
    void directorySwappedForSymlinkDuringWalkIsNotFollowed() throws IOException {
        Files.createDirectories(rootDir.resolve("d/sub"));
        TreeFixture.file(rootDir.resolve("d/sub/own"), "own");
        TreeFixture.file(rootDir.resolve("e"), "e");
        List<String> seen = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        root.walk("/", new TreeWalk.Visitor() {
            @Override
            public boolean visit(FileInfo info) throws TargetPathException {
                seen.add(info.path());
                if (info.path().equals("/d")) {
                    try {
                        Files.move(rootDir.resolve("d"), rootDir.resolve("moved"));
                        Files.createSymbolicLink(rootDir.resolve("d"), sentinel);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return true;
            }

            @Override
            public void error(TargetPathException e) {
                errors.add(e.getMessage());
            }
        });
        assertEquals(List.of("/", "/d", "/e"), seen);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("/d: changed during the walk"), errors.get(0));
    }

    @Test
    void parallelWalkNeverListsASwappedInDirectory() throws IOException {
        for (int round = 0; round < 20; round++) {
            Path d = rootDir.resolve("r" + round);
            for (int i = 0; i < 30; i++) {
                TreeFixture.file(d.resolve("d" + i + "/sub/own"), "own");
            }
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            int swapAt = round;
            root.walkParallel("/r" + round, new TreeWalk.Visitor() {
                @Override
                public boolean visit(FileInfo info) {
                    seen.add(info.path());
                    if (info.path().equals("/r" + swapAt + "/d" + swapAt)) {
                        try {
                            for (int i = swapAt; i < 30; i++) {
                                Files.move(d.resolve("d" + i + "/sub"), d.resolve("d" + i + "/moved"));
                                Files.createSymbolicLink(d.resolve("d" + i + "/sub"), sentinel);
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return true;
                }

                @Override
                public void error(TargetPathException e) {
                    // a node moved away between listing and stat is reported as vanished, which is as safe
                    assertTrue(e.getMessage().contains("changed during the walk")
                            || e.getMessage().contains("vanished or unreadable during the walk"), e.getMessage());
                }
            });
            assertTrue(seen.stream().noneMatch(p -> p.endsWith("/secret") || p.contains("/etc/shadow")), seen.toString());
        }
    }

    @Test
    void parallelWalkVisitsLikeTheSequentialOne() throws IOException {
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            String p = "t/" + r.nextInt(5) + "/" + r.nextInt(7) + (r.nextBoolean() ? "-x" : "") + "/f" + r.nextInt(9);
            if (!Files.isDirectory(rootDir.resolve(p))) {
                TreeFixture.file(rootDir.resolve(p), "x");
            }
        }
        TreeFixture.link(rootDir.resolve("t/1/link"), "/t");
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        root.walk("/", new TreeWalk.Visitor() {
            public boolean visit(FileInfo info) {
                a.add("v " + info.path() + " " + info.type() + " " + info.mode());
                return true;
            }

            public void leave(FileInfo dir) {
                a.add("l " + dir.path());
            }
        });
        root.walkParallel("/", new TreeWalk.Visitor() {
            public boolean visit(FileInfo info) {
                b.add("v " + info.path() + " " + info.type() + " " + info.mode());
                return true;
            }

            public void leave(FileInfo dir) {
                b.add("l " + dir.path());
            }
        });
        assertEquals(a, b);
        assertTrue(a.size() > 300);
    }

    @Test
    void walkDoesNotFollowSymlinksAndIsSorted() throws IOException {
        TreeFixture.link(rootDir.resolve("var"), "/");
        TreeFixture.link(rootDir.resolve("out"), sentinel.toString());
        TreeFixture.file(rootDir.resolve("a-b"), "");
        TreeFixture.file(rootDir.resolve("a/b"), "");
        TreeFixture.file(rootDir.resolve("B"), "");
        List<String> seen = new ArrayList<>();
        root.walk("/", info -> seen.add(info.path()));
        assertEquals(List.of("/", "/B", "/a", "/a/b", "/a-b", "/out", "/var"), seen);
    }

    @Test
    void movesCopiesAndDeletesStayInside() throws IOException {
        Files.createDirectories(rootDir.resolve("var/lib/app"));
        TreeFixture.file(rootDir.resolve("var/lib/app/data"), "data");
        TreeFixture.link(rootDir.resolve("var/lib/app/rel"), "data");
        TreeFixture.link(rootDir.resolve("var/lib/app/abs"), sentinel.toString());
        root.mkfifo("/var/lib/app/fifo", 0600);
        root.chmod("/var/lib/app/fifo", 0620); // must not open (and block on) the fifo
        root.chmod("/var/lib/app", 02775);
        root.copyTree("/var", "/usr/share/factory/var");
        assertEquals(TreeFixture.fingerprint(rootDir.resolve("var")),
                TreeFixture.fingerprint(rootDir.resolve("usr/share/factory/var")));
        assertEquals(FileType.FIFO, root.stat("/usr/share/factory/var/lib/app/fifo").type());
        assertEquals(02775, root.stat("/usr/share/factory/var/lib/app").mode());
        root.move("/var/lib/app", "/srv/app");
        assertEquals("data", text("/srv/app/rel"));
        assertThrows(TargetPathException.class, () -> root.move("/srv/app", "/usr/share/factory/var/lib/app"));
        assertThrows(TargetPathException.class, () -> root.copyTree("/srv", "/srv/inner"));
        root.delete("/srv");
        root.delete("/usr");
        assertFalse(Files.exists(rootDir.resolve("srv")));
        assertThrows(TargetPathException.class, () -> root.delete("/"));
    }

    @Test
    void appendAndTruncate() throws IOException {
        root.createFile("/f", 0640);
        root.append("/f", "a".getBytes());
        root.append("/f", "b".getBytes());
        assertArrayEquals("ab".getBytes(), root.read("/f"));
        assertEquals(0640, root.stat("/f").mode());
        root.truncate("/f");
        assertEquals(0, root.read("/f").length);
        assertThrows(TargetPathException.class, () -> root.createFile("/f", 0644));
        root.chmod("/f", 04755);
        assertEquals(04755, root.stat("/f").mode());
    }

    @Test
    void missingOrNonDirectoryRootIsRejected() throws IOException {
        TargetRootException e = assertThrows(TargetRootException.class, () -> TargetRoot.open(tmp.resolve("nope")));
        assertEquals("root directory " + tmp.resolve("nope") + " does not exist", e.getMessage());
        Path f = TreeFixture.file(tmp.resolve("plain"), "");
        e = assertThrows(TargetRootException.class, () -> TargetRoot.open(f));
        assertTrue(e.getMessage().endsWith("is not a directory"));
    }

    @Test
    void writeAtCopyFileAndListDirectoryStayInRoot() throws IOException {
        // "var" points at the sentinel's host path: inside the root that is a directory of the root, not the host's
        TreeFixture.link(rootDir.resolve("var"), sentinel.toString());
        Path inRoot = rootDir.resolve(sentinel.toString().substring(1));
        TreeFixture.file(inRoot.resolve("secret"), "abcdef");
        root.writeAt("/var/secret", 2, "XY".getBytes(StandardCharsets.UTF_8));
        assertEquals("abXYef", Files.readString(inRoot.resolve("secret")));
        root.copyFile("/var/secret", "/var/copy");
        assertEquals("abXYef", Files.readString(inRoot.resolve("copy")));
        assertEquals(List.of("copy", "secret"), root.listDirectory("/var"));
        TreeFixture.link(rootDir.resolve("file"), "/var/secret");
        assertThrows(TargetPathException.class, () -> root.writeAt("/file", 0, new byte[] {1}),
                "a final symlink is never written through");
        assertThrows(TargetPathException.class, () -> root.copyFile("/var/secret", "/file"),
                "an existing destination, even a symlink, is not overwritten");
        assertThrows(TargetPathException.class, () -> root.listDirectory("/var/secret"));
        assertThrows(TargetPathException.class, () -> root.listDirectory("/missing"));
        TreeFixture.link(rootDir.resolve("loop"), "/loop");
        assertThrows(TargetPathException.class, () -> root.listDirectory("/loop"));
    }

    @Test
    void rmdirForgetsCachedDirectories() throws IOException {
        Files.createDirectories(rootDir.resolve("a"));
        Files.createDirectories(rootDir.resolve("b"));
        root.cacheDirectories(true);
        assertEquals("/a/x", root.canonical("/a/x")); // remembers /a as a directory
        root.rmdir("/a");
        root.symlink("/a", "/b");
        assertEquals("/b/x", root.canonical("/a/x"), "the removed directory is still remembered");
    }
}
