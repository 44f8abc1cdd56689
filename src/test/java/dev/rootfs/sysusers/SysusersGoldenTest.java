package dev.rootfs.sysusers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.fs.Ownership;
import dev.rootfs.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sysusers.d line form and the Debian 12 and 13 sysusers.d files, against the recorded results of the real
 * systemd-sysusers 252 and 257 ({@code src/test/resources/golden/sysusers/<version>/<case>.txt}). Where the
 * real tool runs here (root, tool installed) it is run too and must still give the recorded result; elsewhere
 * the recording stands in for it, so the cases run without root and without the tools.
 */
class SysusersGoldenTest {
    static final String REWRITE = "as root with both real tools: mvn -B -ntp -o test -Dtest='Sysusers*' -D"
            + Golden.UPDATE_PROPERTY + "=true";

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicTest> everyCaseMatchesTheRealTool() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int version : new int[] {252, 257}) {
            for (Map.Entry<String, SysusersFixture> c : SysusersCases.all().entrySet()) {
                tests.add(DynamicTest.dynamicTest(version + " " + c.getKey(), () -> {
                    Path dir = Files.createDirectories(tmp.resolve(version + "-" + c.getKey()));
                    String real = null;
                    if (Ownership.Process.isRoot() && SysusersFixture.toolPresent(version)) {
                        real = c.getValue().runTool(version, Files.createDirectories(dir.resolve("real")));
                    }
                    Path golden = Path.of("src/test/resources/golden/sysusers/" + version + "/" + c.getKey() + ".txt");
                    String recorded = Golden.recorded(golden, real, REWRITE);
                    String ours = c.getValue().runOurs(version, Files.createDirectories(dir.resolve("ours")),
                            Files.createDirectories(dir.resolve("work")));
                    assertEquals(recorded, ours, c.getValue().describe());
                }));
            }
        }
        return tests;
    }
}
