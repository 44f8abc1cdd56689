package dev.rootfs.report;

/**
 * A goal's configuration is unusable (a parameter out of range, a relative prefix, an unknown option value).
 * The Mojos and the command line turn it into a user error showing this message; any other runtime exception
 * is a bug and keeps its stack trace.
 */
public class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
