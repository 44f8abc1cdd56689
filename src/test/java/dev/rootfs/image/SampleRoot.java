package dev.rootfs.image;

import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * A small target root with every node type, as an unprivileged process builds it: device nodes exist only in
 * the metadata, owners and special modes live in the metadata, the fifo, sticky directory, symlink and hard
 * link are real.
 */
final class SampleRoot {
    /** security.capability of cap_net_raw+ep, the binary value {@code setcap} writes for ping. */
    static final byte[] CAP_NET_RAW = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static final String LONG_DIR = "/usr/share/" + "d".repeat(60) + "/" + "e".repeat(70);
    static final String LONG_FILE = LONG_DIR + "/" + "f".repeat(120) + ".txt";
    static final long MTIME = 1_700_000_000L;

    final Path root;
    final Path metadata;

    private SampleRoot(Path root, Path metadata) {
        this.root = root;
        this.metadata = metadata;
    }

    static SampleRoot create(Path base) throws IOException, InterruptedException {
        Path root = base.resolve("rootfs");
        Files.createDirectories(root);
        write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        write(root, "/etc/group", "root:x:0:\ndisk:x:6:\nsystemd-journal:x:101:\napp:x:1000:\n");
        write(root, "/usr/bin/app", "#!/bin/sh\necho app\n");
        Files.createLink(root.resolve("usr/bin/app-again"), root.resolve("usr/bin/app"));
        write(root, "/usr/bin/ping", "ELF pretend\n");
        write(root, "/usr/lib/libx.so.1", "library\n");
        Files.createSymbolicLink(root.resolve("usr/lib/libx.so"), Path.of("libx.so.1"));
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("run"));
        Processes.command("mkfifo", "-m", "600", root.resolve("run/initctl").toString()).runOk();
        Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        Files.createDirectories(root.resolve("var/log/journal"));
        Files.createDirectories(root.resolve("home/app"));
        write(root, LONG_FILE, "long name\n");
        Files.setAttribute(root.resolve("usr/bin/app"), "unix:mode", 0755);
        Files.setAttribute(root.resolve("usr/bin/ping"), "unix:mode", 0755);
        // touch -h sets times without opening the node: Java's setLastModifiedTime would block on the fifo
        Processes.command("find", root.toString(), "-exec", "touch", "-h", "-d", "@" + MTIME, "{}", "+").runOk();
        Path md = base.resolve("rootfs.mtree");
        String ping = Base64.getEncoder().encodeToString(CAP_NET_RAW);
        String comment = Base64.getEncoder().encodeToString("pinger".getBytes(StandardCharsets.UTF_8));
        Files.writeString(md, String.join("\n",
                "#mtree",
                "./dev/console type=char mode=0600 uid=0 gid=0 device=native,5,1",
                "./dev/sda type=block mode=0660 uid=0 gid=6 device=native,8,0",
                "./usr/bin/app type=file mode=4750 uid=0 gid=1000",
                "./usr/bin/ping type=file mode=0755 uid=0 gid=0",
                "#xattr ./usr/bin/ping security.capability=" + ping,
                "#xattr ./usr/bin/ping user.comment=" + comment,
                "./var/log/journal type=dir mode=2755 uid=0 gid=101",
                "./home/app type=dir mode=0700 uid=1000 gid=1000",
                ""));
        return new SampleRoot(root, md);
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
