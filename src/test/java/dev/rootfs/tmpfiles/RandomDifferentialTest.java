package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property test: random configurations give the same tree and exit code as the real systemd-tmpfiles. The seed
 * is fresh in every run and printed; {@code -Dtmpfiles.seed=N} replays a run, {@code -Dtmpfiles.random=N} sets
 * the count.
 * A fixed slice of seeds also has recorded outcomes ({@link GoldenCase}), so it runs without the real tool.
 */
@ExtendWith(GoldenCase.Summary.class)
class RandomDifferentialTest {
    static final int RUNS = Integer.getInteger("tmpfiles.random", 300);
    /** The seeds whose outcomes are recorded: the first 100 of the default run. */
    static final long GOLDEN_BASE = 1000L;
    static final int GOLDEN_RUNS = 100;
    /** One fresh base seed per test run, shared by both versions so that they see the same configurations. */
    static final long BASE_SEED = new java.security.SecureRandom().nextLong() & 0xffffffffffffL;

    /** Config and fixture of one seed, as the random run draws them. */
    private static Differential.Outcome run(int version, GoldenCase.Id id, long seed, String[] confOut)
            throws Exception {
        Random r = new Random(seed);
        String conf = RandomConfigs.config(r);
        long fixtureSeed = r.nextLong();
        confOut[0] = conf;
        return Differential.compare(version, id, conf, root -> RandomConfigs.fixture(new Random(fixtureSeed), root),
                List.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {252, 257})
    void randomConfigsMatchTheRealTool(int version) throws Exception {
        Oracle.require(version);
        // every run explores new configurations; the printed seed replays one with -Dtmpfiles.seed=N
        long base = Long.getLong("tmpfiles.seed", BASE_SEED);
        System.out.println("random differential, systemd " + version + ": base seed " + base
                + " (replay with -Dtmpfiles.seed=" + base + ")");
        int passed = 0;
        for (int i = 0; i < RUNS; i++) {
            long seed = base + i;
            String[] conf = new String[1];
            Differential.Outcome o = run(version, null, seed, conf);
            if (!o.same()) {
                fail("random config " + i + " differs from systemd-tmpfiles " + version + " (replay with -Dtmpfiles.seed="
                        + seed + " -Dtmpfiles.random=1)\n" + o.explain(conf[0]));
            }
            passed++;
        }
        System.out.println("random differential, systemd " + version + ": " + passed + "/" + RUNS
                + " configs identical (base seed " + base + ")");
    }

    static Stream<Arguments> goldenSeeds() {
        List<Arguments> out = new ArrayList<>();
        for (int v : GoldenCase.VERSIONS) {
            LongStream.range(GOLDEN_BASE, GOLDEN_BASE + GOLDEN_RUNS).forEach(s -> out.add(Arguments.of(v, s)));
        }
        return out.stream();
    }

    static String goldenName(long seed) {
        return "seed-" + seed;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("goldenSeeds")
    void recordedRandomConfigs(int version, long seed) throws Exception {
        String[] conf = new String[1];
        Differential.Outcome o = run(version, new GoldenCase.Id("random", goldenName(seed),
                "RandomConfigs seed " + seed), seed, conf);
        assertTrue(o.same(), "random config of seed " + seed + " differs on " + version + ":\n" + o.explain(conf[0]));
    }

    @Test
    void noGoldenFileOfAnotherSeed() throws Exception {
        List<String> names = LongStream.range(GOLDEN_BASE, GOLDEN_BASE + GOLDEN_RUNS)
                .mapToObj(RandomDifferentialTest::goldenName).toList();
        assertEquals(List.of(), GoldenCase.orphans("random", names), "golden files of no case");
    }
}
