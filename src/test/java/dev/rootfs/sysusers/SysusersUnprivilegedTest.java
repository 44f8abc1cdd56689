package dev.rootfs.sysusers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.testing.Unprivileged;
import dev.rootfs.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create-users works without root and without any host systemd tool: every recorded case is run by a JVM as
 * uid/gid 65534 whose PATH holds nothing, and must give the recorded results of the real systemd-sysusers.
 */
class SysusersUnprivilegedTest {

    /** The unprivileged side: runs every case with our goal and writes what it rendered into {@code args[0]}. */
    public static void main(String[] args) throws java.io.IOException {
        Path out = Path.of(args[0]);
        for (int version : new int[] {252, 257}) {
            for (Map.Entry<String, SysusersFixture> c : SysusersCases.all().entrySet()) {
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
        Processes.Run r = Unprivileged.run(tmp, SysusersUnprivilegedTest.class, List.of(SysusersCases.CORPUS),
                out.toString());
        assertEquals(0, r.exitCode(), r.output());
        int compared = 0;
        for (int version : new int[] {252, 257}) {
            for (String name : SysusersCases.all().keySet()) {
                Path golden = Path.of("src/test/resources/golden/sysusers/" + version + "/" + name + ".txt");
                assertEquals(Files.readString(golden), Files.readString(out.resolve(version + "-" + name + ".txt")),
                        version + " " + name + " as uid 65534");
                compared++;
            }
        }
        System.out.println("sysusers: " + compared + " recorded cases identical as uid 65534 with an empty PATH");
    }
}
