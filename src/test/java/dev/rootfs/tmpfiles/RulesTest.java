package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One differential case per rule of tmpfiles-semantics §1-§13, each run against systemd-tmpfiles 252 and 257:
 * same tree (type, mode, uid:gid, link, content) and same exit code. The version differences of §13 show up
 * as the same case giving different results on the two versions, for the real tool and for us alike. Without the
 * real tool the cases run against its recorded outcomes ({@link GoldenCase}).
 */
@ExtendWith(GoldenCase.Summary.class)
class RulesTest {
    record Case(String rule, String conf, Differential.Setup setup, List<String> args) {
        GoldenCase.Id id() {
            return new GoldenCase.Id("rules", GoldenCase.slug(rule), rule);
        }

        @Override
        public String toString() {
            return rule;
        }
    }

    static Case c(String rule, String conf) {
        return new Case(rule, conf, null, List.of());
    }

    static Case c(String rule, String conf, Differential.Setup setup) {
        return new Case(rule, conf, setup, List.of());
    }

    static Case c(String rule, String conf, Differential.Setup setup, String... args) {
        return new Case(rule, conf, setup, List.of(args));
    }

    static void write(Path root, String rel, String content) throws java.io.IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    static final List<Case> CASES = List.of(
            // §1 discovery and precedence
            c("§1 /etc masks /usr/lib of the same name", null, r -> {
                write(r, "usr/lib/tmpfiles.d/a.conf", "d /var/from-usr\n");
                write(r, "etc/tmpfiles.d/a.conf", "d /var/from-etc\n");
            }),
            c("§1 empty file and /dev/null link mask", null, r -> {
                write(r, "usr/lib/tmpfiles.d/b.conf", "d /var/masked-b\n");
                write(r, "usr/lib/tmpfiles.d/c.conf", "d /var/masked-c\n");
                write(r, "etc/tmpfiles.d/b.conf", "");
                Files.createSymbolicLink(r.resolve("etc/tmpfiles.d/c.conf"), Path.of("/dev/null"));
            }),
            c("§1 basename byte order across directories, first line wins", null, r -> {
                write(r, "usr/lib/tmpfiles.d/D.conf", "d /var/order 0711\n");
                write(r, "etc/tmpfiles.d/a.conf", "d /var/order 0700\n");
                write(r, "run/tmpfiles.d/b.conf", "d /var/order2\n");
                write(r, "usr/lib/tmpfiles.d/not-conf.txt", "d /var/ignored\n");
            }),
            c("§1 /lib/tmpfiles.d read by 252 only", null, r -> write(r, "lib/tmpfiles.d/l.conf", "d /var/from-lib\n")),
            // §2 line syntax
            c("§2 whitespace, comments, # inside the argument, CRLF",
                    "  # comment\n\nf /var/hash - - - - a # b\r\n\tf\t/var/tab\t-\t-\t-\t-\tx  y  \n"),
            c("§2 quoting in fields, argument kept verbatim with its quotes",
                    "f \"/var/q a\" - - - - \"a b\"\nf '/var/q b' - - - - 'x'\n"),
            c("§2 escapes in fields: literal in 252, decoded in 257", "f /var/esc\\x20path - - - - e\n"),
            c("§2 unterminated quote and too few fields are invalid", "f \"/var/open - - - -\nf\nd /var/ok\n"),
            c("§2 argument - or missing means none; C unescaping of f arguments",
                    "f /var/dash - - - - -\nf /var/esc - - - - tab\\there\\x41\\101\\n\n"),
            c("§2 /var/run is /run, simplification keeps ..",
                    "d /var/run/rt\nd /var//x/./y/\nf /var/dd/../e\n"),
            c("§2 relative path invalid", "d var/rel\nd /var/abs\n"),
            // §3 modifiers
            c("§3 ! lines are dropped without --boot before the duplicate check",
                    "d! /var/boot 0700\nd /var/boot 0711\n", null, "--no-boot"),
            c("§3 ! lines apply with --boot", "d! /var/boot 0700\nd /var/boot 0711\n"),
            c("§3 - hides a create failure", "f- /var/notfile - - - - x\nd /var/other\n",
                    r -> Files.createDirectories(r.resolve("var/notfile"))),
            c("§3 = replaces wrong-typed parents and final nodes", "f= /var/p/f - - - - new\nd= /var/wasfile\n", r -> {
                write(r, "var/p", "a file where a directory goes");
                write(r, "var/wasfile", "file");
            }),
            c("§3 ~ base64 argument", "f~ /var/b64 - - - - aGVsbG8gd29ybGQ=\nw~ /var/b64 - - - - SEk=\n"),
            c("§3 bad base64 makes the run refuse (exit 1)", "f~ /var/b64bad - - - - !!!notbase64\nd /var/after\n"),
            c("§3 ~ on L is invalid", "L~ /var/l - - - - aGk=\n"),
            c("§3 repeated and unknown modifiers are invalid", "f!! /var/x\nf+!+ /var/y\nd% /var/z\nd /var/ok\n"),
            c("§3 ^ credential absent: silently skipped", "f^ /var/cred - - - - some.cred\nd /var/ok\n"),
            c("§3 $ is valid on 257 only, and only on some types", "d$ /var/purge\nz$ /var/purge\n"),
            c("§3 L? skips a missing target on 257, invalid on 252",
                    "L? /var/lq1 - - - - /etc/passwd\nL? /var/lq2 - - - - /nonexistent\n"),
            // §4 line types
            c("§4 f writes no newline, keeps existing content, re-applies mode",
                    "f /var/new 0600 - - - text\nf /var/old 0640 - - - ignored\n", r -> write(r, "var/old", "keep")),
            c("§4 f on a non-regular node fails (73)", "f /var/dir\nf /var/link\n", r -> {
                Files.createDirectories(r.resolve("var/dir"));
                Files.createSymbolicLink(r.resolve("var/link"), Path.of("dir"));
            }),
            c("§4 F and f+ truncate and rewrite", "F /var/t1 - - - - new\nf+ /var/t2\n", r -> {
                write(r, "var/t1", "0123456789");
                write(r, "var/t2", "old content");
            }),
            c("§4 F and f+ leave an empty file unwritten, still adjust its mode",
                    "F /var/e1 0600 - - -\nf+ /var/e2 - - - -\nF /var/e3 - - - - text\n", r -> {
                        write(r, "var/e1", "");
                        write(r, "var/e2", "");
                        write(r, "var/e3", "");
                    }),
            c("§4 w writes at offset 0 without truncating, w+ appends, missing skipped",
                    "w /var/w - - - - ab\nw+ /var/w2 - - - - +tail\nw /var/missing - - - - x\nw /var/* - - - - Z\n",
                    r -> {
                        write(r, "var/w", "0123456789");
                        write(r, "var/w2", "head");
                    }),
            c("§4 w without argument is invalid", "w /var/w\n"),
            c("§4 d on existing dir applies mode, on a file or dir symlink warns (exit 0)",
                    "d /var/ed 0711\nd /var/ef\nd /var/el\n", r -> {
                        Files.createDirectories(r.resolve("var/ed"));
                        write(r, "var/ef", "x");
                        Files.createSymbolicLink(r.resolve("var/el"), Path.of("ed"));
                    }),
            c("§4 D v q Q create like d", "D /var/D 0700\nv /var/v\nq /var/q 0750\nQ /var/Q\n"),
            c("§4 e never creates; adjusts existing dirs; warns on files",
                    "e /var/e1 0700\ne /var/e2 0700\ne /var/e3 0700\n", r -> {
                        Files.createDirectories(r.resolve("var/e1"));
                        write(r, "var/e3", "file");
                    }),
            c("§4 p creates a fifo, p+ replaces, p warns on wrong type",
                    "p /var/fifo 0600\np /var/pw\np+ /var/pr\n", r -> {
                        write(r, "var/pw", "x");
                        Files.createDirectories(r.resolve("var/pr/sub"));
                    }),
            c("§4 p keeps setuid, setgid and sticky bits", "p /var/pipe 2775\np /var/pipe2 4755\np /var/pipe3 1777\n"
                    + "p+ /var/pipe4 6711\n"),
            c("§3 parents of = lines keep a setgid directory's bit, other parents are 0755",
                    "d /var/sg 2775\nd= /var/sg/a/b 0700\nf= /var/sg/c/f 0600\nd /var/sg/d/e 0700\nd /var/sg/a/x\n"),
            c("§4 L keeps wrong nodes, L+ replaces even a directory, user applies to the link",
                    "L /var/l1 - onlyinroot - - target\nL /var/l2 - - - - t\nL+ /var/l3 - - - - t\nL /var/l4\n", r -> {
                        write(r, "var/l2", "file");
                        Files.createDirectories(r.resolve("var/l3/deep"));
                    }),
            c("§4 c/b make devices, bad numbers are invalid, c+ replaces",
                    "c /var/null 0666 - - - 1:3\nb /var/blk 0600 - - - 7:0\nc /var/bad - - - - x:y\nc+ /var/cf - - - - 1:5\n",
                    r -> write(r, "var/cf", "x")),
            c("§4 z adjusts existing only, symlinks get owner but no mode; Z recurses",
                    "z /var/za 0700 svc\nz /var/zl 0700 svc\nZ /var/zr 0750 - shared\nz /var/none 0700\n", r -> {
                        Files.createDirectories(r.resolve("var/za"));
                        Files.createSymbolicLink(r.resolve("var/zl"), Path.of("za"));
                        write(r, "var/zr/a/b", "x");
                        Files.createSymbolicLink(r.resolve("var/zr/link"), Path.of("a"));
                    }),
            c("§4 x X r R are no-ops under --create but parse", "x /var/x\nX /var/y\nr /var/r\nR /var/R\nd /var/ok\n",
                    r -> write(r, "var/r", "kept")),
            // §5 fields
            c("§5 ~ mode masks by current classes, : only on creation",
                    "f /var/m1 ~0775\nf /var/m2 ~4775\nd /var/m3 ~1777\nf /var/m4 :0600\nf /var/m5 :0600\n", r -> {
                        write(r, "var/m1", "x");
                        Files.setPosixFilePermissions(r.resolve("var/m1"),
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                        write(r, "var/m2", "x");
                        Files.setPosixFilePermissions(r.resolve("var/m2"),
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                        Files.createDirectories(r.resolve("var/m3"));
                        write(r, "var/m4", "x");
                    }),
            c("§5 invalid modes", "d /var/a 17777\nd /var/b -1\nd /var/c 0o755\nd /var/d 755\nd /var/e 0000755\n"),
            c("§5 chown re-applies mode so suid survives", "f /var/su 4755 onlyinroot onlyinroot\nf /var/su2 - svc svc\n",
                    r -> {
                        write(r, "var/su2", "x");
                        Files.setAttribute(r.resolve("var/su2"), "unix:mode", 04755);
                    }),
            c("§5 strict numeric ids, : owners only on creation",
                    "d /var/n1 - 4321 4321\nd /var/n2 - 01234\nd /var/n3 - 65535\nd /var/n4 - :svc :svc\nd /var/n5 - :svc\n",
                    r -> Files.createDirectories(r.resolve("var/n5"))),
            c("§5 ages: valid ones accepted even where unused, invalid ones invalid",
                    "d /var/a1 - - - 10d\nd /var/a2 - - - ~1h30min\nd /var/a3 - - - aA:5m\nf /var/a4 - - - 1w\n"
                            + "d /var/a5 - - - 1x\nd /var/a6 - - - q:1d\nd /var/a7 - - - infinity\n"),
            c("§5 an argument on d is ignored with a warning", "d /var/arg - - - - something\n"),
            // §6 specifiers
            c("§6 %m %o %w %B %W from the root, %% and non-alphanumerics literal",
                    "f /var/s-%m - - - - %o %w %B %W\nf /var/pct - - - - 100%% %| %-\nd /var/%T-%V\nf /var/u - - - - %u%U%g%G\n"),
            c("§6 %A %M invalid on 252, from os-release on 257", "f /var/img - - - - %A-%M\n"),
            c("§6 unknown specifier invalid, missing machine-id skips", "d /var/%Y\nd /var/mid-%m\nd /var/ok\n",
                    r -> Files.delete(r.resolve("etc/machine-id"))),
            c("§6 escaped %% in the argument is expanded after unescaping", "f /var/e - - - - \\x25m\n"),
            // §7 duplicates
            c("§7 first accepted line wins; mode_set differs is a duplicate; f+d compatible both run",
                    "d /var/h 0755\nd /var/h -\nf /var/j 0644\nd /var/j 0644\nd /var/g 0711\nd /var/g 0711\nd /var/g 0711\n"),
            c("§7 dropped lines do not count: unknown user, missing C source",
                    "d /var/k 0700 nosuchuser\nd /var/k 0711\nC /var/cp - - - - /nonexistent\nd /var/cp 0750\n"),
            c("§7 z lines on one path all run", "d /var/zz\nz /var/zz 0700\nz /var/zz 0750\n"),
            // §8 order
            c("§8 parents before children whatever the order", "d /o/a/b/c\nd /o/a 0711\n"),
            c("§8 a glob on an ancestor runs early and never again", "z /o/z 0711\nd /o/z/child\ne /o/e 0701\nd /o/e/sub\n"),
            c("§8 items before globs, ownership types first", "z /var/w 0600\nw /var/w - - - - data\nf /var/w 0644 - - - x\n"),
            // §9 confinement the real tool also keeps
            c("§9 relative symlinked parents are followed inside the root", "d /var/rel/sub 0700\n", r -> {
                Files.createDirectories(r.resolve("var/real"));
                Files.createSymbolicLink(r.resolve("var/rel"), Path.of("real"));
            }),
            c("§9 unsafe ownership transition fails", "d /var/own 0755 svc\nd /var/own/x\nd /var/own/x/y\n"),
            // §10 users
            c("§10 /etc/passwd first, /usr/lib/passwd second, root built in",
                    "d /var/u1 - svc\nd /var/u2 - late\nd /var/u3 - root root\nd /var/u4 - _apt\n"),
            // §11 exit codes, prefixes
            c("§11 65 beats 73", "f /var/dir\nY /var/bad\n", r -> Files.createDirectories(r.resolve("var/dir"))),
            c("§11 prefix filter is component-wise and runs before user lookup",
                    "d /variable\nd /var/in\nd /etc/out - nosuchuser\nY /etc/invalid-anyway\n", null, "--prefix=/var"),
            c("§11 exclude wins", "d /var/in\nd /var/ex/x\n", null, "--prefix=/var", "--exclude-prefix=/var/ex"),
            // §12 C and L
            c("§12 C: full copy with forced owner, into an empty dir, not into a non-empty one, top mode applied",
                    "C /var/c1 - onlyinroot - - /usr/share/factory/src\nC /var/c2 0711 - - - /usr/share/factory/src\n"
                            + "C /var/c3 0700 svc - - /usr/share/factory/src\nC /var/c4 - - - - /usr/share/factory/src\n",
                    r -> {
                        write(r, "usr/share/factory/src/a", "A");
                        write(r, "usr/share/factory/src/sub/b", "B");
                        Files.createSymbolicLink(r.resolve("usr/share/factory/src/ln"), Path.of("a"));
                        Files.createDirectories(r.resolve("var/c2"));
                        write(r, "var/c3/kept", "kept");
                        write(r, "var/c4", "a file stays");
                    }),
            c("§12 C+ merges without overwriting on 257, is C on 252", "C+ /var/cm - - - - /usr/share/factory/src\n",
                    r -> {
                        write(r, "usr/share/factory/src/f1", "NEW");
                        write(r, "usr/share/factory/src/f2", "NEW2");
                        write(r, "var/cm/f1", "ABC");
                    }),
            c("§12 C default source is /usr/share/factory + path; L default target likewise",
                    "C /var/lib/app\nL /var/lib/lnk\n", r -> write(r, "usr/share/factory/var/lib/app/seed", "s")),
            c("§12 C source must be absolute", "C /var/c - - - - relative/src\n"));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int v : new int[] {252, 257}) {
            for (Case k : CASES) {
                out.add(Arguments.of(v, k));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameAsTheRealTool(int version, Case k) throws Exception {
        Differential.Outcome o = Differential.compare(version, k.id(), k.conf(), k.setup(), k.args());
        assertTrue(o.same(), k.rule() + " differs on " + version + ":\n" + o.explain(String.valueOf(k.conf())));
    }

    @Test
    void everyCaseHasItsOwnGoldenFile() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Case k : CASES) {
            assertTrue(names.add(k.id().name()), "two cases share the golden file name " + k.id().name());
        }
        assertEquals(List.of(), GoldenCase.orphans("rules", names), "golden files of no case");
    }
}
