package dev.rootfs.image;

import dev.rootfs.report.ConfigurationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/**
 * The reproducible-build timestamp: {@code project.build.outputTimestamp} parsed by maven-archiver's rules,
 * else {@code SOURCE_DATE_EPOCH}. Rules copied rather than depending on maven-archiver: all digits are epoch
 * seconds; fewer than 2 characters mean "not set" (so a child pom can unset an inherited value); anything else
 * is ISO-8601 with an offset, normalised to UTC and truncated to seconds; values outside
 * 1980-01-01T00:00:02Z..2099-12-31T23:59:59Z are rejected, as zip cannot hold them.
 */
public final class OutputTimestamp {
    static final Instant MIN = Instant.parse("1980-01-01T00:00:02Z");
    static final Instant MAX = Instant.parse("2099-12-31T23:59:59Z");

    private OutputTimestamp() {
    }

    /**
     * @param outputTimestamp  the {@code project.build.outputTimestamp} value, or null
     * @param sourceDateEpoch  the {@code SOURCE_DATE_EPOCH} environment value, or null
     * @return epoch seconds, or empty when neither is set
     * @throws ConfigurationException for a value that is set but invalid, naming which one
     */
    public static OptionalLong resolve(String outputTimestamp, String sourceDateEpoch) {
        OptionalLong fromProject = parseOutputTimestamp(outputTimestamp);
        if (fromProject.isPresent()) {
            return fromProject;
        }
        if (sourceDateEpoch == null || sourceDateEpoch.isBlank()) {
            return OptionalLong.empty();
        }
        String s = sourceDateEpoch.trim();
        if (!s.chars().allMatch(Character::isDigit) || s.length() > 18) {
            throw new ConfigurationException("SOURCE_DATE_EPOCH must be a number of seconds, not '" + s + "'");
        }
        return OptionalLong.of(Long.parseLong(s));
    }

    /** maven-archiver's {@code parseBuildOutputTimestamp}, in epoch seconds. */
    public static OptionalLong parseOutputTimestamp(String value) {
        if (value == null || value.length() < 2) {
            return OptionalLong.empty();
        }
        Instant instant;
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                instant = Instant.ofEpochSecond(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw invalid(value, "too large");
            }
        } else {
            try {
                instant = OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException e) {
                throw invalid(value, "expected ISO-8601 with an offset (2025-01-01T00:00:00Z) or epoch seconds");
            }
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw invalid(value, "outside the supported range " + MIN + " .. " + MAX);
        }
        return OptionalLong.of(instant.getEpochSecond());
    }

    private static ConfigurationException invalid(String value, String why) {
        return new ConfigurationException("invalid project.build.outputTimestamp '" + value + "': " + why);
    }
}
