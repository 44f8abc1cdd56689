package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The observed runs of tmpfiles-semantics §14, against the real tool of each version (or its recorded outcome). */
@ExtendWith(GoldenCase.Summary.class)
class ObservedCasesTest {

    static final String MIXED = String.join("\n",
            "d /var/lib/mydir 0750 onlyinroot onlyinroot -",
            "f /var/lib/mydir/hello.txt 0640 root root - Hello world\\nline2",
            "L /var/lib/link - - - - /var/lib/mydir",
            "C /etc/skel - - - -",
            "C /var/lib/app 0700 onlyinroot - -",
            "w /var/lib/mydir/hello.txt - - - - appended?",
            "e /var/cache/e 0700 - - 10d",
            "z /var/lib/mydir 0755 - - -",
            "d /var/lib/unknownuser 0755 nosuchuser - -",
            "d /var/lib/hostonly 0755 _apt - -",
            "Y /bad/line",
            "d relative/path", "");

    @ParameterizedTest
    @ValueSource(ints = {252, 257})
    void mixedRun(int version) throws Exception {
        Differential.Outcome o = Differential.compare(version, new GoldenCase.Id("observed", "mixed-run",
                "the mixed run of §14"), MIXED, r -> {
            Files.createDirectories(r.resolve("usr/share/factory/etc/skel"));
            Files.writeString(r.resolve("usr/share/factory/etc/skel/.bashrc"), "# bashrc\n");
            Files.createDirectories(r.resolve("usr/share/factory/var/lib/app"));
            Files.writeString(r.resolve("usr/share/factory/var/lib/app/seed.txt"), "seed\n");
        }, List.of());
        assertTrue(o.same(), o.explain(MIXED));
        assertEquals(65, o.theirs());
        List<String> invalid = o.ourDiagnostics().stream().filter(d -> d.kind() == Diagnostic.Kind.INVALID
                || d.kind() == Diagnostic.Kind.UNKNOWN_ID).map(Diagnostic::toString).toList();
        assertEquals(4, invalid.size(), invalid.toString());
        assertTrue(invalid.get(0).endsWith(":9: Failed to resolve user 'nosuchuser': No such process"), invalid.get(0));
        assertTrue(invalid.get(2).endsWith(":11: Unknown command type 'Y'."), invalid.get(2));
        assertTrue(invalid.get(3).endsWith(":12: Path 'relative/path' not absolute."), invalid.get(3));
    }

    @Test
    void noGoldenFileOfAnotherCase() throws Exception {
        assertEquals(List.of(), GoldenCase.orphans("observed", List.of("mixed-run")), "golden files of no case");
    }
}
