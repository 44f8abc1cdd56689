package dev.rootfs.tmpfiles;

import dev.rootfs.fs.TargetPathException;

/** An action of a line that failed; the message is systemd's where it has one. */
class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
        super(message, null, false, false);
    }

    /** The parent exists but is no directory: creating in it fails with ENOTDIR. */
    static final class ParentNotDirectory extends Failure {
        private static final long serialVersionUID = 1L;

        ParentNotDirectory(String message) {
            super(message);
        }
    }

    /** The reason of a target path problem, without the path it starts with. */
    static String reason(TargetPathException e) {
        String m = e.getMessage();
        String prefix = e.targetPath() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
