package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes that systemd-tmpfiles makes, or deliberately does not make, into nodes that are not plain writable files:
 * F and f+ on an existing empty file that cannot be written (a read-only bind mount), w into a device node and
 * into a fifo. Each runs against the real 252 and 257 on identical fixtures; they need root (mknod, mount
 * namespaces), as CI has.
 */
class NodeWritesTest {
    Path work;

    @BeforeEach
    void work() throws Exception {
        work = Files.createTempDirectory("node-writes");
    }

    @AfterEach
    void clean() throws Exception {
        Differential.deleteTree(work);
    }

    private static void requireRootAndTool(int version) {
        HostTools.requireRoot();
        HostTools.requireThat(HostTools.onPath("unshare") && HostTools.onPath("mount"), "unshare and mount "
                + "(util-linux, mount) are needed for the read-only bind mount");
        Oracle.require(version);
    }

    /** The read-only fixture: an empty and a non-empty file, each bind-mounted read-only onto itself. */
    private Path readOnlyRoot(String name) throws Exception {
        Path r = work.resolve(name);
        Files.createDirectories(r.resolve("var/ro"));
        Differential.base(r);
        Files.writeString(r.resolve("var/ro/empty"), "");
        Files.writeString(r.resolve("var/ro/empty2"), "");
        Files.writeString(r.resolve("var/ro/full"), "data\n");
        for (String f : List.of("empty", "empty2", "full")) {
            Files.setPosixFilePermissions(r.resolve("var/ro/" + f),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        return r;
    }

    /** Runs {@code command} in a private mount namespace where the fixture's files are read-only. */
    private static Processes.Run inReadOnlyNamespace(Path root, List<String> command) throws Exception {
        StringBuilder sh = new StringBuilder("set -e; for f in empty empty2 full; do mount --bind -o ro \"$1/var/ro/$f\" "
                + "\"$1/var/ro/$f\"; done; shift; exec \"$@\"");
        List<String> argv = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                sh.toString(), "sh", root.toString()));
        argv.addAll(command);
        return Processes.run(null, argv);
    }

    private static List<String> ourCommand(int version, Path root, Path conf) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.rootfs.cli.Main", "--create", "--root=" + root,
                "--systemd-version=" + version, "--metadata=" + root.getParent().resolve(root.getFileName() + ".mtree"),
                conf.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {252, 257})
    void truncatingAnEmptyReadOnlyFileWritesNothing(int version) throws Exception {
        requireRootAndTool(version);
        for (String conf : List.of("F /var/ro/empty 0644 - - -\nf+ /var/ro/empty2 0644 - - -\n",
                "F /var/ro/empty 0600 - - -\n", "F /var/ro/empty 0644 - - - new\n", "F /var/ro/full 0644 - - -\n")) {
            Path c = work.resolve("c-" + version + ".conf");
            Files.writeString(c, conf);
            Path theirs = readOnlyRoot("theirs-" + version);
            Path ours = readOnlyRoot("ours-" + version);
            List<String> tool = new ArrayList<>(Oracle.command(version));
            tool.addAll(List.of("--root=" + theirs, "--create", c.toString()));
            Processes.Run t = inReadOnlyNamespace(theirs, tool);
            Processes.Run o = inReadOnlyNamespace(ours, ourCommand(version, ours, c));
            assertEquals(t.exitCode(), o.exitCode(), "exit code for\n" + conf + "their stderr: " + t.stderr()
                    + "\nour stderr: " + o.stderr());
            for (String f : List.of("empty", "empty2", "full")) {
                Path tf = theirs.resolve("var/ro/" + f);
                Path of = ours.resolve("var/ro/" + f);
                assertEquals(Files.readString(tf), Files.readString(of), f + " after\n" + conf);
                assertEquals(Files.getPosixFilePermissions(tf), Files.getPosixFilePermissions(of), f + " after\n" + conf);
            }
            Differential.deleteTree(theirs);
            Differential.deleteTree(ours);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {252, 257})
    void writingIntoADeviceNodeAndAFifo(int version) throws Exception {
        requireRootAndTool(version);
        for (String conf : List.of("w /var/nul - - - - new content\n", "w+ /var/nul - - - - more\n",
                "w /var/zero 0600 - - - x\n", "w /var/fifo - - - - x\n", "w /var/fifo - - - - x\nd /var/after\n")) {
            Differential.Outcome o = Differential.compare(version, conf, r -> {
                Files.createDirectories(r.resolve("var"));
                mknod(r.resolve("var/nul"), "c", 1, 3);
                mknod(r.resolve("var/zero"), "c", 1, 5);
                mknod(r.resolve("var/fifo"), "p", 0, 0);
            }, List.of());
            assertTrue(o.same(), o.explain(conf));
        }
    }

    private static void mknod(Path p, String type, int major, int minor) throws java.io.IOException {
        List<String> argv = new ArrayList<>(List.of("mknod", "-m", "0666", p.toString(), type));
        if (!type.equals("p")) {
            argv.add(Integer.toString(major));
            argv.add(Integer.toString(minor));
        }
        try {
            Processes.Run r = Processes.run(null, argv);
            if (r.exitCode() != 0) {
                throw new java.io.IOException("mknod " + p + ": " + r.stderr());
            }
        } catch (InterruptedException e) {
            throw new java.io.IOException(e);
        }
    }
}
