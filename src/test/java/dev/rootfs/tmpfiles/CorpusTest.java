package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.testing.HostTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tmpfiles.d files of 28 Debian 12 packages (src/test/resources/corpus/tmpfiles-bookworm), each applied by
 * the real systemd-tmpfiles and by us to a root whose users and groups resemble a Debian system's, with the
 * group ids the build host has, because the real tool resolves ACL names on the host (§10).
 */
class CorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/corpus/tmpfiles-bookworm");

    static Stream<Arguments> files() throws Exception {
        List<Arguments> out = new ArrayList<>();
        if (!Files.isDirectory(CORPUS)) {
            return Stream.of(Arguments.of(0, null));
        }
        try (Stream<Path> s = Files.walk(CORPUS)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                for (int v : new int[] {252, 257}) {
                    out.add(Arguments.of(v, CORPUS.relativize(p).toString()));
                }
            }
        }
        return out.stream();
    }

    /** Users and groups the corpus names, with the ids this Debian host uses (ACLs resolve on the host). */
    static void debianIds(Path r) throws java.io.IOException {
        StringBuilder groups = new StringBuilder(Differential.GROUP);
        for (String g : new String[] {"adm", "systemd-journal", "utmp", "tty", "disk", "kvm", "wheel", "lp"}) {
            HostTools.Run run;
            try {
                run = HostTools.run(null, List.of("getent", "group", g));
            } catch (InterruptedException e) {
                throw new java.io.IOException(e);
            }
            if (run.exitCode() == 0) {
                groups.append(run.stdout().strip()).append('\n');
            }
        }
        Files.writeString(r.resolve("etc/group"), groups.toString());
        Files.writeString(r.resolve("etc/passwd"), Differential.PASSWD + "systemd-network:x:998:998::/:/bin/false\n");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("files")
    void sameAsTheRealTool(int version, String file) throws Exception {
        HostTools.requireThat(file != null, "the corpus folder " + CORPUS + " is missing");
        Oracle.require(version);
        String conf = Files.readString(CORPUS.resolve(file), StandardCharsets.UTF_8);
        // h lines set chattr flags for real on the test machine (§4); the metadata has no field for them
        String usable = conf.lines().filter(l -> !l.strip().startsWith("h") && !l.strip().startsWith("H"))
                .reduce("", (a, b) -> a + b + "\n");
        Differential.Outcome o = Differential.compare(version, usable, CorpusTest::debianIds, List.of());
        assertTrue(o.same(), file + " differs on " + version + ":\n" + o.explain(usable));
    }
}
