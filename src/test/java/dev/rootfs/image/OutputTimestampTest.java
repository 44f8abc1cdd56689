package dev.rootfs.image;

import dev.rootfs.report.ConfigurationException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OutputTimestampTest {
    @Test
    void mavenArchiverRules() {
        assertEquals(OptionalLong.of(1735689600L), OutputTimestamp.parseOutputTimestamp("2025-01-01T00:00:00Z"));
        assertEquals(OptionalLong.of(1735689600L), OutputTimestamp.parseOutputTimestamp("2025-01-01T01:00:00.9+01:00"));
        assertEquals(OptionalLong.of(1700000000L), OutputTimestamp.parseOutputTimestamp("1700000000"));
        assertEquals(OptionalLong.empty(), OutputTimestamp.parseOutputTimestamp("0"));
        assertEquals(OptionalLong.empty(), OutputTimestamp.parseOutputTimestamp(""));
        assertEquals(OptionalLong.empty(), OutputTimestamp.parseOutputTimestamp(null));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> OutputTimestamp.parseOutputTimestamp("1979-12-31T00:00:00Z"));
        assertTrue(e.getMessage().contains("outside the supported range"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> OutputTimestamp.parseOutputTimestamp("2100-01-01T00:00:00Z"));
        assertThrows(ConfigurationException.class, () -> OutputTimestamp.parseOutputTimestamp("yesterday"));
        assertThrows(ConfigurationException.class, () -> OutputTimestamp.parseOutputTimestamp("10"));
    }

    @Test
    void sourceDateEpochIsTheFallback() {
        assertEquals(OptionalLong.of(1735689600L), OutputTimestamp.resolve("2025-01-01T00:00:00Z", "5"));
        assertEquals(OptionalLong.of(5L), OutputTimestamp.resolve(null, "5"));
        assertEquals(OptionalLong.of(5L), OutputTimestamp.resolve("x", " 5 "));
        assertEquals(OptionalLong.empty(), OutputTimestamp.resolve(null, null));
        assertThrows(ConfigurationException.class, () -> OutputTimestamp.resolve(null, "-1"));
    }
}
