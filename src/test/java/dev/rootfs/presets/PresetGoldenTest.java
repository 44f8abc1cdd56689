package dev.rootfs.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.fs.Ownership;
import dev.rootfs.testing.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every [Install] and preset form on its own, and Debian 12's and 13's own presets with their units, against the
 * recorded results of the real {@code systemctl --root preset-all} 252 and 257
 * ({@code src/test/resources/golden/presets/<version>/<case>.txt}); the real tool re-derives them where it runs.
 */
class PresetGoldenTest {
    static final String REWRITE = "as root with both real tools: mvn -B -ntp -o test -Dtest='Preset*' -D"
            + Golden.UPDATE_PROPERTY + "=true";
    private static final String U = "/usr/lib/systemd/system/";
    private static final String P = "/usr/lib/systemd/system-preset/50-test.preset";

    @TempDir
    Path tmp;

    private static String svc(String install) {
        return "[Service]\nExecStart=/bin/true\n[Install]\n" + install;
    }

    static Map<String, PresetFixture> cases() {
        Map<String, PresetFixture> c = new LinkedHashMap<>();
        c.put("wanted-by", new PresetFixture(Map.of(U + "a.service", svc("WantedBy=multi-user.target\n"), P,
                "enable a.service\n"), Map.of()));
        c.put("required-by", new PresetFixture(Map.of(U + "a.service", svc("RequiredBy=x.target\n"), P, ""), Map.of()));
        c.put("upheld-by", new PresetFixture(Map.of(U + "a.service", svc("UpheldBy=x.target\nWantedBy=y.target\n"),
                P, ""), Map.of()));
        c.put("alias", new PresetFixture(Map.of(U + "a.service", svc("Alias=b.service\nWantedBy=x.target\n"), P, ""),
                Map.of()));
        c.put("also", new PresetFixture(Map.of(U + "a.service", svc("Also=a.socket\n"), U + "a.socket",
                "[Socket]\nListenStream=/run/a\n[Install]\nWantedBy=sockets.target\n", P,
                "enable a.service\ndisable *\n"), Map.of()));
        c.put("default-instance", new PresetFixture(Map.of(U + "t@.service",
                svc("WantedBy=x.target\nDefaultInstance=one\n"), P, ""), Map.of()));
        c.put("template-no-instance", new PresetFixture(Map.of(U + "t@.service", svc("WantedBy=x.target\n"), P, ""),
                Map.of()));
        c.put("instance-list", new PresetFixture(Map.of(U + "t@.service", svc("WantedBy=x.target\n"), P,
                "enable t@.service a b\n"), Map.of()));
        c.put("disable-removes", new PresetFixture(Map.of(U + "a.service", svc("WantedBy=x.target\nAlias=b.service\n"),
                P, "disable a.service\n"), Map.of("/etc/systemd/system/x.target.wants/a.service", U + "a.service",
                "/etc/systemd/system/b.service", U + "a.service")));
        c.put("ignore", new PresetFixture(Map.of(U + "a.service", svc("WantedBy=x.target\n"), P,
                "ignore a.service\ndisable *\n"), Map.of()));
        c.put("masked", new PresetFixture(Map.of(U + "a.service", svc("WantedBy=x.target\n"), P, ""),
                Map.of("/etc/systemd/system/a.service", "/dev/null")));
        c.put("drop-in-install", new PresetFixture(Map.of(U + "a.service", "[Service]\nExecStart=/bin/true\n",
                "/etc/systemd/system/a.service.d/install.conf", "[Install]\nWantedBy=x.target\n", P, ""), Map.of()));
        c.put("drop-in-reset", new PresetFixture(Map.of(U + "a.service", svc("WantedBy=x.target\n"),
                U + "a.service.d/10-reset.conf", "[Install]\nWantedBy=\nWantedBy=y.target\n", P, ""), Map.of()));
        c.put("preset-masking", new PresetFixture(Map.of(U + "a.service", svc("WantedBy=x.target\n"), P,
                "disable a.service\n", "/etc/systemd/system-preset/50-test.preset", "enable a.service\n"), Map.of()));
        c.put("merged-lib", new PresetFixture(Map.of(U + "a.service", svc("WantedBy=x.target\n"), P, ""),
                Map.of("/lib", "usr/lib")));
        c.put("static-unit", new PresetFixture(Map.of(U + "a.service", "[Service]\nExecStart=/bin/true\n", P, ""),
                Map.of()));
        c.put("debian12", corpus("bookworm"));
        c.put("debian13", corpus("trixie"));
        return c;
    }

    /** Debian's own preset file with some of the units it names, in a merged-/usr root. */
    private static PresetFixture corpus(String suite) {
        try {
            Map<String, String> files = new LinkedHashMap<>();
            try (var s = Files.list(Path.of("src/test/resources/presets-corpus", suite))) {
                for (Path p : s.sorted().toList()) {
                    String name = p.getFileName().toString();
                    files.put((name.endsWith(".preset") ? "/usr/lib/systemd/system-preset/" : U) + name,
                            Files.readString(p, StandardCharsets.UTF_8));
                }
            }
            return new PresetFixture(files, Map.of("/lib", "usr/lib"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    List<DynamicTest> everyCaseMatchesTheRealTool() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int version : new int[] {252, 257}) {
            for (Map.Entry<String, PresetFixture> c : cases().entrySet()) {
                tests.add(DynamicTest.dynamicTest(version + " " + c.getKey(), () -> {
                    Path dir = Files.createDirectories(tmp.resolve(version + "-" + c.getKey()));
                    String real = null;
                    if (Ownership.Process.isRoot() && PresetFixture.toolPresent(version)) {
                        real = c.getValue().runTool(version, Files.createDirectories(dir.resolve("real")));
                    }
                    String recorded = Golden.recorded(Path.of("src/test/resources/golden/presets/" + version + "/"
                            + c.getKey() + ".txt"), real, REWRITE);
                    String ours = c.getValue().runOurs(version, Files.createDirectories(dir.resolve("ours")),
                            Files.createDirectories(dir.resolve("work")));
                    assertEquals(recorded, ours, c.getValue().describe());
                }));
            }
        }
        return tests;
    }
}
