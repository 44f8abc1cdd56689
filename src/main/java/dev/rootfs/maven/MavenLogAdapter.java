package dev.rootfs.maven;

import dev.rootfs.report.Log;

/** Routes the core's log to Maven's. */
final class MavenLogAdapter implements Log {
    private final org.apache.maven.plugin.logging.Log log;

    MavenLogAdapter(org.apache.maven.plugin.logging.Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }
}
