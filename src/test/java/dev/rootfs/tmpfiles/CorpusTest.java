package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.testing.HostTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tmpfiles.d files of 28 Debian 12 packages (src/test/resources/corpus/tmpfiles-bookworm), each applied by
 * the real systemd-tmpfiles (or taken from its recorded outcome, {@link GoldenCase}) and by us to a root whose users
 * and groups resemble a Debian system's.
 */
@ExtendWith(GoldenCase.Summary.class)
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

    /**
     * Groups the corpus names, with the ids of a Debian 12 system. Fixed rather than read from the host, so the
     * recorded outcomes do not depend on the machine; ACL names still resolve on the host in the real tool (§10),
     * and every Debian system has these names (ACLs are not part of the compared listing).
     */
    static final String DEBIAN_GROUPS = "adm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nutmp:x:43:\nsystemd-journal:x:999:\n";

    /** Users and groups the corpus names. */
    static void debianIds(Path r) throws java.io.IOException {
        Files.writeString(r.resolve("etc/group"), Differential.GROUP + DEBIAN_GROUPS);
        Files.writeString(r.resolve("etc/passwd"), Differential.PASSWD + "systemd-network:x:998:998::/:/bin/false\n");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("files")
    void sameAsTheRealTool(int version, String file) throws Exception {
        HostTools.requireThat(file != null, "the corpus folder " + CORPUS + " is missing");
        String conf = Files.readString(CORPUS.resolve(file), StandardCharsets.UTF_8);
        // h lines set chattr flags for real on the test machine (§4); the metadata has no field for them
        String usable = conf.lines().filter(l -> !l.strip().startsWith("h") && !l.strip().startsWith("H"))
                .reduce("", (a, b) -> a + b + "\n");
        Differential.Outcome o = Differential.compare(version, new GoldenCase.Id("corpus", file, file), usable,
                CorpusTest::debianIds, List.of());
        assertTrue(o.same(), file + " differs on " + version + ":\n" + o.explain(usable));
    }

    @Test
    void noGoldenFileOfAnotherCase() throws Exception {
        List<String> names = files().filter(a -> a.get()[1] != null).map(a -> (String) a.get()[1]).distinct().toList();
        assertEquals(List.of(), GoldenCase.orphans("corpus", names), "golden files of no case");
    }
}
