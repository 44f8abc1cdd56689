package dev.rootfs.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.testing.Processes;
import dev.rootfs.testing.Unprivileged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * enable-units works without root and without any host systemd tool: every recorded case runs in a JVM as
 * uid/gid 65534 with an empty PATH and must give the recorded links of the real systemctl.
 */
class PresetUnprivilegedTest {

    /** The unprivileged side: runs every case with our goal and writes each listing into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        for (int version : new int[] {252, 257}) {
            for (Map.Entry<String, PresetFixture> c : PresetGoldenTest.cases().entrySet()) {
                Path dir = Files.createTempDirectory(out, "case");
                String ours = c.getValue().runOurs(version, Files.createDirectories(dir.resolve("root")),
                        Files.createDirectories(dir.resolve("work")));
                Files.writeString(out.resolve(version + "-" + c.getKey() + ".txt"), ours, StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void everyCaseRunsAsNobodyWithoutHostTools(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Processes.Run r = Unprivileged.run(tmp, PresetUnprivilegedTest.class,
                List.of(Path.of("src/test/resources/presets-corpus")), out.toString());
        assertEquals(0, r.exitCode(), r.output());
        int compared = 0;
        for (int version : new int[] {252, 257}) {
            for (String name : PresetGoldenTest.cases().keySet()) {
                Path golden = Path.of("src/test/resources/golden/presets/" + version + "/" + name + ".txt");
                assertEquals(Files.readString(golden), Files.readString(out.resolve(version + "-" + name + ".txt")),
                        version + " " + name + " as uid 65534");
                compared++;
            }
        }
        System.out.println("presets: " + compared + " recorded cases identical as uid 65534 with an empty PATH");
    }
}
