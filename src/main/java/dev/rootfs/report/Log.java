package dev.rootfs.report;

/** The small logging interface the core writes to; the Mojos adapt Maven's log to it. */
public interface Log {
    void info(String message);

    void warn(String message);

    void debug(String message);

    boolean isDebugEnabled();

    /** Discards everything; for tests and benchmarks. */
    Log SILENT = new Log() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void debug(String message) {
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }
    };
}
