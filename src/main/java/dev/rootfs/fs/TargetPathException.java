package dev.rootfs.fs;

import java.io.IOException;

/**
 * A target path that cannot be resolved or operated on. The message always names the path as seen inside the
 * target (for example {@code /var/lib/x}), never only the host path, so users can find it in their tree.
 */
public class TargetPathException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String targetPath;

    public TargetPathException(String targetPath, String reason) {
        super(targetPath + ": " + reason);
        this.targetPath = targetPath;
    }

    public TargetPathException(String targetPath, String reason, Throwable cause) {
        super(targetPath + ": " + reason, cause);
        this.targetPath = targetPath;
    }

    public String targetPath() {
        return targetPath;
    }
}
