package dev.rootfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.testing.Golden;
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

/**
 * The command line: options, exit codes and --cat-config, compared with the real systemd-tmpfiles 252 or, where it
 * cannot run, with its recorded outputs under src/test/resources/golden/tmpfiles/252/cli.
 */
class MainTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/tmpfiles/252/cli");
    static final String REWRITE = Golden.REWRITE_TMPFILES;

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

    /**
     * Exit codes for options and bad input, against the real tool where it runs (as root), else against its
     * recorded exit codes; one line per case: exit code, options, config given on stdin.
     */
    @Test
    void exitCodesMatchTheRealTool() throws Exception {
        boolean real = realTool();
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("d /var/ok\n", new String[] {"--create", "-"});
        cases.put("Y /bad\n", new String[] {"--create", "-"});
        cases.put("f /var/a\n", new String[] {"--create", "--prefix=/etc", "-"});
        cases.put("d /var/x 0755 nosuchuser\n", new String[] {"--create", "--boot", "-"});
        cases.put("d /var/y\n", new String[] {"--boot", "-"});
        cases.put("", new String[] {"--create", "/nonexistent/file.conf"});
        cases.put("d /var/z\n", new String[] {"--create", "--bogus-option", "-"});
        cases.put("f /var/dir\n", new String[] {"--create", "-"});
        StringBuilder theirs = new StringBuilder("# exit codes of systemd-tmpfiles 252 --root=ROOT OPTIONS, config on "
                + "stdin; ROOT has /var/f and /var/dir\n");
        StringBuilder mine = new StringBuilder(theirs);
        StringBuilder messages = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String line = String.join(" ", c.getValue()) + " | "
                    + (c.getKey().isEmpty() ? "(nothing)" : c.getKey().replace("\n", "\\n")) + "\n";
            Path b = root("b" + i);
            Files.createDirectories(b.resolve("var/f"));
            Files.createDirectories(b.resolve("var/dir"));
            if (real) {
                Path a = root("a" + i);
                Files.createDirectories(a.resolve("var/f"));
                Files.createDirectories(a.resolve("var/dir"));
                Processes.Run run = theirs(a, c.getKey(), c.getValue());
                theirs.append(run.exitCode()).append(" | ").append(line);
                messages.append("real: ").append(run.stderr());
            }
            i++;
            List<String> args = new ArrayList<>(List.of("--root=" + b));
            args.addAll(List.of(c.getValue()));
            Out o = ours(c.getKey(), args.toArray(String[]::new));
            mine.append(o.exit()).append(" | ").append(line);
            messages.append("ours: ").append(o.err());
        }
        String expected = Golden.recorded(GOLDEN.resolve("exit-codes.txt"), real ? theirs.toString() : null,
                REWRITE);
        assertEquals(expected, mine.toString(), Golden.lineDiff(expected, mine.toString()) + messages);
    }

    @Test
    void catConfigMatchesTheRealTool() throws Exception {
        boolean real = realTool();
        Path r = root("cat");
        String theirs = null;
        if (real) {
            Processes.Run run = Oracle.run(252, r, List.of("--cat-config"));
            assertEquals(0, run.exitCode(), run.stderr());
            theirs = run.stdout().replace(r.toString(), "ROOT");
        }
        String expected = Golden.recorded(GOLDEN.resolve("cat-config.txt"), theirs, REWRITE);
        Out mine = ours("", "--cat-config", "--root=" + r, "--systemd-version=252");
        assertEquals(0, mine.exit(), mine.err());
        assertEquals(expected.strip(), mine.out().replace(r.toString(), "ROOT").strip());
    }

    /** Whether the real systemd-tmpfiles 252 runs here; in CI it must, elsewhere its recorded outputs stand in. */
    private static boolean realTool() {
        if (Golden.updating() && !Oracle.available(252)) {
            throw new AssertionError("rewriting the golden files needs the real tool: " + Oracle.missing(252));
        }
        if (HostTools.inCi()) {
            Oracle.require(252);
        }
        return Oracle.available(252);
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

    @Test
    void everySkippedLineIsNamedWithWhyAndTheRemedy() throws Exception {
        Path r = root("skips");
        String conf = "d /var/ok\nL /var/lib/home - - - - %h\nd /var/lib/h-%h\nd /var/lib/x 0755 nosuchuser\n";
        Out o = ours(conf, "--root=" + r, "--create", "-");
        assertEquals(65, o.exit(), "an unknown user is exit 65, as for systemd-tmpfiles: " + o.err());
        assertTrue(Files.isDirectory(r.resolve("var/ok")), o.err());
        assertTrue(!Files.exists(r.resolve("var/lib/home")) && !Files.exists(r.resolve("var/lib/x")), o.err());
        List<String> err = o.err().lines().toList();
        // the two %h lines share one explanation and are each named
        int header = indexOf(err, "2 tmpfiles.d lines skipped: they use %h");
        assertTrue(err.get(header).contains("the user's home directory of the running system"), o.err());
        assertTrue(err.get(header).contains("--specifier=h=VALUE"), o.err());
        assertTrue(err.get(header + 1).startsWith("  <stdin>:2: L /var/lib/home"), o.err());
        assertTrue(err.get(header + 2).startsWith("  <stdin>:3: d /var/lib/h-%h"), o.err());
        int user = indexOf(err, "1 tmpfiles.d line skipped: the target has no user 'nosuchuser'");
        assertTrue(err.get(user).contains("/etc/passwd") && err.get(user).contains("sysusers.d")
                && err.get(user).contains("systemd-sysusers --root"), o.err());
        assertTrue(err.get(user + 1).startsWith("  <stdin>:4: Failed to resolve user 'nosuchuser'"), o.err());
        assertEquals(1, err.stream().filter(l -> l.contains("<stdin>:4:")).count(), "named once: " + o.err());
        assertTrue(err.stream().noneMatch(l -> l.contains("<stdin>:1:")), o.err());

        Out given = ours(conf.replace("nosuchuser", "root"), "--root=" + root("given"), "--create",
                "--specifier=h=/home/me", "-");
        assertEquals(0, given.exit(), given.err());
        assertEquals("", given.err(), "nothing skipped, nothing said");
    }

    @Test
    void writingIntoANodeOnlyTheMetadataHoldsIsNamedAndTheRunGoesOn() throws Exception {
        Path r = root("metadata-node");
        Files.createDirectories(r.resolve("var"));
        Path md = r.getParent().resolve("metadata-node.mtree");
        Files.writeString(md, "#mtree\n./var type=dir mode=0755 uid=0 gid=0\n"
                + "./var/nul type=char mode=0666 uid=0 gid=0 device=native,1,3\n");
        Out o = ours("w /var/nul - - - - x\nd /var/after\n", "--root=" + r, "--create", "--metadata=" + md, "-");
        assertEquals(0, o.exit(), o.err());
        assertTrue(Files.isDirectory(r.resolve("var/after")), o.err());
        List<String> err = o.err().lines().toList();
        int header = indexOf(err, "1 tmpfiles.d line skipped: the node it writes into is a device node");
        assertTrue(err.get(header + 1).startsWith("  <stdin>:1: /var/nul: not writing into a char"), o.err());
    }

    @Test
    void linesOutsideThePrefixesAreNamedOnlyWhenVerbose() throws Exception {
        String conf = "d /srv/data\nd /var/data\nd! /var/boot-only\n";
        Out quiet = ours(conf, "--root=" + root("quiet"), "--create", "--prefix=/var", "-");
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err());
        Out verbose = ours(conf, "--root=" + root("verbose"), "--create", "--prefix=/var", "--verbose", "-");
        assertEquals(0, verbose.exit(), verbose.err());
        List<String> err = verbose.err().lines().toList();
        int boot = indexOf(err, "1 tmpfiles.d line skipped: '!' lines apply only at boot");
        assertTrue(err.get(boot + 1).startsWith("  <stdin>:3: "), verbose.err());
        int outside = indexOf(err, "1 tmpfiles.d line skipped: outside the prefixes");
        assertTrue(err.get(outside).contains("--prefix"), verbose.err());
        assertTrue(err.get(outside + 1).startsWith("  <stdin>:1: d /srv/data"), verbose.err());
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + start + "' in:\n" + String.join("\n", lines));
    }
}
