package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property test: random configurations give the same tree and exit code as the real systemd-tmpfiles. The seed
 * is printed on failure; {@code -Dtmpfiles.seed=N} replays a run, {@code -Dtmpfiles.random=N} sets the count.
 */
class RandomDifferentialTest {
    static final int RUNS = Integer.getInteger("tmpfiles.random", 300);

    @ParameterizedTest
    @ValueSource(ints = {252, 257})
    void randomConfigsMatchTheRealTool(int version) throws Exception {
        Oracle.require(version);
        // a fixed default keeps CI reproducible; -Dtmpfiles.seed=N explores other configurations
        long base = Long.getLong("tmpfiles.seed", 1000L);
        int passed = 0;
        for (int i = 0; i < RUNS; i++) {
            long seed = base + i;
            Random r = new Random(seed);
            String conf = RandomConfigs.config(r);
            long fixtureSeed = r.nextLong();
            Differential.Outcome o = Differential.compare(version, conf,
                    root -> RandomConfigs.fixture(new Random(fixtureSeed), root), java.util.List.of());
            if (!o.same()) {
                fail("random config " + i + " differs from systemd-tmpfiles " + version + " (replay with -Dtmpfiles.seed="
                        + seed + " -Dtmpfiles.random=1)\n" + o.explain(conf));
            }
            passed++;
        }
        System.out.println("random differential, systemd " + version + ": " + passed + "/" + RUNS
                + " configs identical (base seed " + base + ")");
    }
}
