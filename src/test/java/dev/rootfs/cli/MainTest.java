package dev.rootfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import dev.rootfs.tmpfiles.Oracle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options, exit codes and --cat-config, compared with the real systemd-tmpfiles 252. */
class MainTest {
    @TempDir
    Path work;

    record Out(int exit, String out, String err) {
    }

    static Out ours(String stdin, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(o),
                new PrintStream(e));
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    Processes.Run theirs(Path root, String stdin, String... args) throws Exception {
        return Oracle.run(252, root, List.of(args), stdin);
    }

    private Path root(String name) throws Exception {
        Path r = work.resolve(name);
        Files.createDirectories(r.resolve("etc/tmpfiles.d"));
        Files.createDirectories(r.resolve("usr/lib/tmpfiles.d"));
        Files.writeString(r.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(r.resolve("usr/lib/tmpfiles.d/b.conf"), "d /var/b\n");
        Files.writeString(r.resolve("usr/lib/tmpfiles.d/a.conf"), "d /var/a-usr\n");
        Files.writeString(r.resolve("etc/tmpfiles.d/a.conf"), "d /var/a-etc\n");
        Files.createSymbolicLink(r.resolve("etc/tmpfiles.d/c.conf"), Path.of("/dev/null"));
        Files.writeString(r.resolve("usr/lib/tmpfiles.d/c.conf"), "d /var/c\n");
        return r;
    }

    @Test
    void exitCodesMatchTheRealTool() throws Exception {
        HostTools.requireRoot();
        HostTools.require("systemd-tmpfiles", "systemd");
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("d /var/ok\n", new String[] {"--create", "-"});
        cases.put("Y /bad\n", new String[] {"--create", "-"});
        cases.put("f /var/a\n", new String[] {"--create", "--prefix=/etc", "-"});
        cases.put("d /var/x 0755 nosuchuser\n", new String[] {"--create", "--boot", "-"});
        cases.put("d /var/y\n", new String[] {"--boot", "-"});
        cases.put("", new String[] {"--create", "/nonexistent/file.conf"});
        cases.put("d /var/z\n", new String[] {"--create", "--bogus-option", "-"});
        int i = 0;
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            Path a = root("a" + i);
            Path b = root("b" + i++);
            Files.createDirectories(a.resolve("var/f"));
            Files.createDirectories(b.resolve("var/f"));
            Processes.Run real = theirs(a, c.getKey(), c.getValue());
            List<String> args = new ArrayList<>(List.of("--root=" + b));
            args.addAll(List.of(c.getValue()));
            Out mine = ours(c.getKey(), args.toArray(String[]::new));
            assertEquals(real.exitCode(), mine.exit(), c.getKey() + " " + List.of(c.getValue()) + "\nreal: "
                    + real.stderr() + "\nours: " + mine.err());
        }
        Path a = root("fail-a");
        Path b = root("fail-b");
        Files.createDirectories(a.resolve("var/dir"));
        Files.createDirectories(b.resolve("var/dir"));
        assertEquals(theirs(a, "f /var/dir\n", "--create", "-").exitCode(), ours("f /var/dir\n", "--root=" + b,
                "--create", "-").exit());
    }

    @Test
    void catConfigMatchesTheRealTool() throws Exception {
        HostTools.require("systemd-tmpfiles", "systemd");
        Path r = root("cat");
        Processes.Run real = Processes.run(null, List.of("systemd-tmpfiles", "--cat-config", "--root=" + r));
        Out mine = ours("", "--cat-config", "--root=" + r, "--systemd-version=252");
        assertEquals(0, mine.exit(), mine.err());
        assertEquals(real.stdout().strip(), mine.out().strip());
    }

    @Test
    void discoveryReplaceAndMetadata() throws Exception {
        Path r = root("replace");
        Path md = work.resolve("rootfs.mtree");
        Out o = ours("d /var/replaced 0700\n", "--root=" + r, "--create", "--replace=/usr/lib/tmpfiles.d/b.conf",
                "--metadata=" + md, "-");
        assertEquals(0, o.exit(), o.err());
        assertTrue(Files.isDirectory(r.resolve("var/replaced")));
        assertTrue(!Files.exists(r.resolve("var/b")) && Files.isDirectory(r.resolve("var/a-etc"))
                && !Files.exists(r.resolve("var/a-usr")) && !Files.exists(r.resolve("var/c")));
        assertTrue(Files.readString(md).contains("./var/replaced type=dir mode=0700"), Files.readString(md));
        assertEquals(1, ours("", "--root=" + r).exit(), "no operation");
        assertEquals(1, ours("", "--create").exit(), "no root");
        assertEquals(1, ours("", "--root=" + r, "--cat-config", "--replace=/x.conf").exit());
    }
}
