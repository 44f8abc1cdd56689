package dev.rootfs.fs;

/** The configured root directory itself is unusable (missing, not a directory). */
public class TargetRootException extends TargetPathException {
    private static final long serialVersionUID = 1L;

    public TargetRootException(String reason) {
        super("/", reason);
    }

    @Override
    public String getMessage() {
        return super.getMessage().substring(3);
    }
}
