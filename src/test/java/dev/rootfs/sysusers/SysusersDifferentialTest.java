package dev.rootfs.sysusers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.testing.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property test: random sysusers.d cases give the same account files, backups and modes as the real
 * systemd-sysusers of 252 and 257. Each CI run draws fresh cases (the seed is printed); locally the seed is
 * fixed, and {@code -Dsysusers.seed=N} replays one run, {@code -Dsysusers.random=N} sets the count.
 */
class SysusersDifferentialTest {
    static final int RUNS = Integer.getInteger("sysusers.random", 300);

    static long seed() {
        Long fixed = Long.getLong("sysusers.seed");
        if (fixed != null) {
            return fixed;
        }
        return HostTools.inCi() ? System.nanoTime() : 15L;
    }

    @ParameterizedTest
    @ValueSource(ints = {252, 257})
    void randomCasesMatchTheRealTool(int version, @TempDir Path tmp) throws Exception {
        HostTools.requireRoot();
        HostTools.requireThat(SysusersFixture.toolPresent(version), "systemd-sysusers " + version
                + " is not installed (252: apt-get install systemd; 257: src/test/tools/fetch-systemd-257.sh)");
        long seed = seed();
        System.out.println("sysusers " + version + ": " + RUNS + " random cases, seed " + seed
                + " (replay with -Dsysusers.seed=" + seed + ")");
        Random r = new Random(seed);
        int same = 0;
        for (int i = 0; i < RUNS; i++) {
            SysusersFixture f = RandomSysusers.draw(r);
            Path dir = Files.createDirectories(tmp.resolve("c" + i));
            String real = f.runTool(version, Files.createDirectories(dir.resolve("real")));
            String ours = f.runOurs(version, Files.createDirectories(dir.resolve("ours")),
                    Files.createDirectories(dir.resolve("work")));
            assertEquals(real, ours, "case " + i + " of seed " + seed + ", version " + version + ":\n" + f.describe());
            same++;
        }
        System.out.println("sysusers " + version + ": " + same + " of " + RUNS + " random cases identical");
    }
}
