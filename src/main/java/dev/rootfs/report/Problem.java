package dev.rootfs.report;

/**
 * One diagnostic: where ({@code file:line} or a target path) and why.
 *
 * @param severity ERROR fails the build under failOnError, WARNING never does
 * @param where    {@code file:line}, a target path, or a parameter name
 * @param message  the reason, one line
 */
public record Problem(Severity severity, String where, String message) {
    public enum Severity { ERROR, WARNING }

    public static Problem error(String where, String message) {
        return new Problem(Severity.ERROR, where, message);
    }

    public static Problem warning(String where, String message) {
        return new Problem(Severity.WARNING, where, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return where + ": " + message;
    }
}
