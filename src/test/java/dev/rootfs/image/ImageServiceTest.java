package dev.rootfs.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.ListingDiff;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.Ownership;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each image type built by an unprivileged user (uid 65534) from a root holding every entry kind: read back with
 * the type's own tools without root, and as root loop-mounted read-only and listed by our own walk with the disk's
 * owners and xattrs; that listing must equal the manifest's in every field. Two builds give the same bytes, with
 * and without dm-verity, and {@code veritysetup verify} accepts the hash tree.
 */
class ImageServiceTest {
    static final long TS = 1_700_000_000L;
    /** POSIX ACL u::rwx, u:1000:r-x, g::r-x, m::r-x, o::--- as the kernel stores it. */
    static final byte[] ACL = HexFormat.of().parseHex(
            "02000000" + "01000700ffffffff" + "0200050" + "0e8030000" + "04000500ffffffff" + "10000500ffffffff"
                    + "20000000ffffffff");

    @TempDir
    static Path base;
    static Path root;
    static Path metadata;
    static String classpath;
    static Path toolDir;

    @BeforeAll
    static void sampleRoot() throws Exception {
        Files.setAttribute(base, "unix:mode", 0755);
        Path work = Files.createDirectories(base.resolve("build"));
        root = work.resolve("root");
        metadata = work.resolve("rootfs.mtree");
        Files.createDirectories(root);
        write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        write("etc/group", "root:x:0:\ndisk:x:6:\nsystemd-journal:x:101:\napp:x:1000:\n");
        write("usr/bin/app", "#!/bin/sh\necho app\n");
        Files.createLink(root.resolve("usr/bin/app-again"), root.resolve("usr/bin/app"));
        write("usr/bin/ping", "ELF pretend\n");
        write("usr/lib/libx.so.1", "library\n");
        Files.createSymbolicLink(root.resolve("usr/lib/libx.so"), Path.of("libx.so.1"));
        Files.createSymbolicLink(root.resolve("usr/lib/dangling"), Path.of("/nowhere/at all"));
        write("usr/share/doc/a name with spaces/Grüße ünïcödé.txt", "utf-8\n");
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("run"));
        Processes.command("mkfifo", "-m", "600", root.resolve("run/initctl").toString()).runOk();
        Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        Files.createDirectories(root.resolve("var/log/journal"));
        Files.createDirectories(root.resolve("home/app"));
        // a sparse file and a large one (a repeating pattern: cheap to compress, not a hole)
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("var/sparse.img").toFile(), "rw")) {
            f.setLength(64L << 20);
            f.seek(32L << 20);
            f.write("middle".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31 + (i >> 12));
        }
        try (var out = Files.newOutputStream(root.resolve("usr/share/large.bin"))) {
            for (int i = 0; i < 100; i++) {
                block[0] = (byte) i;
                out.write(block);
            }
        }
        Files.setAttribute(root.resolve("usr/bin/app"), "unix:mode", 0755);
        Processes.command("find", root.toString(), "-exec", "touch", "-h", "-d", "@" + (TS + 1000), "{}", "+")
                .runOk();
        Processes.command("touch", "-h", "-d", "@" + (TS - 5000), root.resolve("usr/lib/libx.so.1").toString())
                .runOk();
        String cap = Base64.getEncoder().encodeToString(new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0});
        String comment = Base64.getEncoder().encodeToString("pinger".getBytes(StandardCharsets.UTF_8));
        Files.writeString(metadata, String.join("\n",
                "#mtree",
                "./dev/console type=char mode=0600 uid=0 gid=0 device=native,5,1",
                "./dev/sda type=block mode=0660 uid=0 gid=6 device=native,8,0",
                "./usr/bin/app type=file mode=4750 uid=0 gid=1000",
                "./usr/bin/ping type=file mode=0755 uid=0 gid=0",
                "#xattr ./usr/bin/ping security.capability=" + cap,
                "#xattr ./usr/bin/ping user.comment=" + comment,
                "./var/log/journal type=dir mode=2755 uid=0 gid=101",
                "#xattr ./var/log/journal system.posix_acl_access=" + Base64.getEncoder().encodeToString(ACL),
                "./home/app type=dir mode=0700 uid=1000 gid=1000",
                ""));
        if (Ownership.Process.isRoot()) {
            // the unprivileged builder owns its root, as in a real build
            Processes.command("chown", "-R", "65534:65534", work.toString()).runOk();
            classpath = dev.rootfs.testing.Unprivileged.readableClasspath(base.resolve("cp"));
        }
        String dir = System.getenv("ROOTFS_IMAGE_TOOLS_DIR");
        toolDir = dir != null ? Path.of(dir) : Files.isDirectory(Path.of("/opt/image-tools/bin"))
                ? Path.of("/opt/image-tools/bin") : null;
    }

    @ParameterizedTest
    @EnumSource(ImageType.class)
    void anUnprivilegedBuildHoldsTheManifestsListingAndIsReproducible(ImageType type) throws Exception {
        requireTools(type);
        Path out = Files.createDirectories(base.resolve("build/out-" + type.id()));
        Processes.command("chown", "65534:65534", out.toString()).run();
        Path a = out.resolve("a/rootfs." + type.id());
        Path b = out.resolve("b/rootfs." + type.id());
        build(a, type, "none");
        build(b, type, "none");
        assertEquals(sha256(a), sha256(b), "two builds of the same root give the same bytes");

        Metadata expected = manifest();
        if (type == ImageType.SQUASHFS) {
            expected = withoutAcls(expected);
            String report = Files.readString(out.resolve("a/reports/image.json"));
            assertTrue(report.contains("squashfs cannot hold POSIX ACLs"), report);
        }
        readBackWithoutRoot(type, a, expected);
        if (Ownership.Process.isRoot()) {
            List<String> diff = ListingDiff.diff(expected, mountedListing(type, a));
            assertEquals(List.of(), diff, "the mounted image lists as the manifest does");
        } else {
            System.out.println("SKIPPED: the loop mount needs root");
        }

        for (String mode : List.of("separate", "append")) {
            Path va = out.resolve("va-" + mode + "/rootfs." + type.id());
            Path vb = out.resolve("vb-" + mode + "/rootfs." + type.id());
            build(va, type, mode);
            build(vb, type, mode);
            assertEquals(sha256(va), sha256(vb), mode + " verity: the same bytes");
            String hash = Files.readString(Path.of(va + ".roothash")).strip();
            assertEquals(Files.readString(Path.of(vb + ".roothash")).strip(), hash);
            if (mode.equals("separate")) {
                assertEquals(sha256(Path.of(va + ".verity")), sha256(Path.of(vb + ".verity")));
                Processes.command("veritysetup", "verify", va.toString(), va + ".verity", hash).runOk();
                assertEquals(sha256(a), sha256(va), "the hash tree beside the image leaves the image as it was");
            } else {
                long offset = Files.size(a);
                offset = (offset + 4095) / 4096 * 4096;
                Processes.command("veritysetup", "verify", "--hash-offset=" + offset, va.toString(), va.toString(),
                        hash).runOk();
                assertTrue(Files.readString(Path.of(va + ".cmdline")).contains("hash-offset=" + offset));
            }
            String sums = Files.readString(Path.of(va + ".sha256"));
            assertTrue(sums.startsWith(sha256(va) + "  "), sums);
        }
    }

    private static void requireTools(ImageType type) {
        String tool = switch (type) {
            case SQUASHFS -> "sqfstar";
            case EROFS -> "mkfs.erofs";
            case EXT4 -> "mke2fs";
        };
        boolean found = toolDir != null && Files.isExecutable(toolDir.resolve(tool))
                || new ImageTool(tool, "0", "", "", "-V").locate(null) != null;
        HostTools.requireThat(found, tool + " is not installed (src/test/tools/fetch-image-tools.sh DIR, then "
                + "ROOTFS_IMAGE_TOOLS_DIR=DIR/bin)");
        HostTools.requireThat(HostTools.onPath("veritysetup") || Files.isExecutable(Path.of("/usr/sbin/veritysetup")),
                "veritysetup is not installed (apt-get install -y cryptsetup-bin)");
    }

    /** Builds as uid 65534 when the test runs as root, in-process otherwise (already unprivileged). */
    private static void build(Path image, ImageType type, String verity) throws Exception {
        Path dir = Files.createDirectories(image.getParent());
        List<String> args = List.of(root.toString(), metadata.toString(), image.toString(), type.id(), verity,
                Long.toString(TS), toolDir == null ? "-" : toolDir.toString(), dir.resolve("reports").toString());
        if (!Ownership.Process.isRoot()) {
            ImageProcess.main(args.toArray(String[]::new));
            return;
        }
        Processes.command("chown", "65534:65534", dir.toString()).runOk();
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                ImageProcess.class.getName()));
        cmd.addAll(args);
        Processes.Run r = Processes.command(cmd).env("PATH", "/usr/local/bin:/usr/bin:/bin").env("HOME", "/")
                .run();
        assertEquals(0, r.exitCode(), "unprivileged build of " + image + ":\n" + r.output());
    }

    /** The manifest goal's listing of the root, with digests. */
    private static Metadata manifest() throws Exception {
        Path m = base.resolve("manifest-" + System.nanoTime() + ".mtree");
        Path md = Files.copy(metadata, base.resolve("metadata-" + System.nanoTime() + ".mtree"));
        GoalFrame.run(GoalContext.of(root, md), new ManifestService(new ManifestService.Options(m, true)));
        return MtreeFormat.parse(Files.readString(m), m.toString()).metadata();
    }

    /** Our own listing of the image, mounted read-only: owners, modes and xattrs as the kernel shows them. */
    private static Metadata mountedListing(ImageType type, Path image) throws Exception {
        Path mnt = Files.createDirectories(base.resolve("mnt-" + type.id()));
        Processes.command("mount", "-t", type.id(), "-o", "ro,loop", image.toString(), mnt.toString()).runOk();
        try {
            Path m = base.resolve("mounted-" + type.id() + ".mtree");
            Path emptyMd = base.resolve("empty-" + type.id() + ".mtree");
            GoalFrame.run(GoalContext.of(mnt, emptyMd).withOwnership(Ownership.ALWAYS),
                    new ManifestService(new ManifestService.Options(m, true)));
            return MtreeFormat.parse(Files.readString(m), m.toString()).metadata();
        } finally {
            Processes.command("umount", mnt.toString()).runOk();
        }
    }

    /** The type's own tools, run without root: integrity and the owners, modes and devices of every entry. */
    private static void readBackWithoutRoot(ImageType type, Path image, Metadata expected) throws Exception {
        switch (type) {
            case SQUASHFS -> {
                String ls = asNobody("unsquashfs", "-lln", "-d", "", image.toString());
                Metadata got = new Metadata();
                for (String line : ls.split("\n")) {
                    MetaEntry e = parseUnsquashfs(line);
                    if (e != null) {
                        got.put(e);
                    }
                }
                List<String> diff = ListingDiff.diff(ownersAndModes(expected), got);
                assertEquals(List.of(), diff, "unsquashfs -lln lists as the manifest does");
            }
            case EROFS -> {
                asNobody(tool("fsck.erofs"), image.toString());
                String dev = asNobody(tool("dump.erofs"), "--path=/dev/sda", image.toString());
                assertTrue(dev.contains("Uid: 0   Gid: 6  Access: 0660"), dev);
                String app = asNobody(tool("dump.erofs"), "--path=/usr/bin/app", image.toString());
                // dump.erofs shows only the permission bits; the mount below checks the setuid bit
                assertTrue(app.contains("Uid: 0   Gid: 1000  Access: 0750"), app);
            }
            case EXT4 -> {
                asNobody(tool("e2fsck"), "-fn", image.toString());
                String st = asNobody(tool("debugfs"), "-R", "stat /dev/sda", image.toString());
                assertTrue(st.contains("Mode:  0660") && st.contains("User:     0") && st.contains("Group:     6")
                        && st.contains("Device major/minor number: 08:00"), st);
                String app = asNobody(tool("debugfs"), "-R", "stat /usr/bin/app", image.toString());
                assertTrue(app.contains("Mode:  04750") && app.contains("Group:  1000"), app);
            }
        }
    }

    private static String tool(String name) {
        return toolDir != null && Files.isExecutable(toolDir.resolve(name)) ? toolDir.resolve(name).toString()
                : name;
    }

    private static String asNobody(String... cmd) throws Exception {
        List<String> c = new ArrayList<>();
        if (Ownership.Process.isRoot()) {
            c.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        c.addAll(List.of(cmd));
        Processes.Run r = Processes.command(c).env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
                .env("LC_ALL", "C.UTF-8").run();
        assertEquals(0, r.exitCode(), String.join(" ", c) + ":\n" + r.output());
        return r.stdout();
    }

    /** One line of {@code unsquashfs -lln -d ""}: {@code crw------- 0/0  5,  1 2023-11-14 22:13 /dev/console}. */
    private static final java.util.regex.Pattern UNSQUASHFS = java.util.regex.Pattern.compile(
            "^(\\S{10}) (\\d+)/(\\d+) +(?:(\\d+), +(\\d+)|\\d+) \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d (.*)$");

    private static MetaEntry parseUnsquashfs(String line) {
        java.util.regex.Matcher m = UNSQUASHFS.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String w0 = m.group(1);
        FileType t = switch (w0.charAt(0)) {
            case 'd' -> FileType.DIR;
            case 'l' -> FileType.LINK;
            case 'c' -> FileType.CHAR;
            case 'b' -> FileType.BLOCK;
            case 'p' -> FileType.FIFO;
            case 's' -> FileType.SOCKET;
            default -> FileType.FILE;
        };
        Long major = m.group(4) == null ? null : Long.valueOf(m.group(4));
        Long minor = m.group(5) == null ? null : Long.valueOf(m.group(5));
        String name = m.group(6);
        String link = null;
        if (t == FileType.LINK) {
            int arrow = name.indexOf(" -> ");
            link = name.substring(arrow + 4);
            name = name.substring(0, arrow);
        }
        String path = name.isEmpty() ? "/" : name;
        return new MetaEntry(path, t, t == FileType.LINK ? 0777 : mode(w0), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), null, null, link, major, minor, null, null);
    }

    private static int mode(String s) {
        int m = 0;
        String bits = s.substring(1);
        for (int i = 0; i < 9; i++) {
            char c = bits.charAt(i);
            if (c != '-' && !(c == 'S' || c == 'T')) {
                m |= 1 << (8 - i);
            }
        }
        if ("sS".indexOf(bits.charAt(2)) >= 0) {
            m |= 04000;
        }
        if ("sS".indexOf(bits.charAt(5)) >= 0) {
            m |= 02000;
        }
        if ("tT".indexOf(bits.charAt(8)) >= 0) {
            m |= 01000;
        }
        return m;
    }

    private static Metadata ownersAndModes(Metadata md) {
        Metadata out = new Metadata();
        for (MetaEntry e : md.entries()) {
            out.put(new MetaEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), null, null, e.link(), e.devMajor(),
                    e.devMinor(), null, null));
        }
        return out;
    }

    private static Metadata withoutAcls(Metadata md) {
        Metadata out = new Metadata();
        for (MetaEntry e : md.entries()) {
            SortedMap<String, String> x = new TreeMap<>(e.xattrs());
            x.keySet().removeIf(k -> k.startsWith("system.posix_acl_"));
            out.put(e.withXattrs(x));
        }
        return out;
    }

    private static String sha256(Path p) throws Exception {
        return Processes.command("sha256sum", p.toString()).runOk().stdout().split(" ")[0];
    }

    private static void write(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
