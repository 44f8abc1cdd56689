package dev.rootfs.stage;

/**
 * Input that cannot be staged: names where (the layer, and for an archive its name, the entry's index and name)
 * and why. The whole run stops; the previous root and metadata stay as they were.
 */
public final class StageFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String where;

    public StageFailure(String where, String reason) {
        super(where + ": " + reason);
        this.where = where;
    }

    public String where() {
        return where;
    }

    public String reason() {
        return getMessage().substring(where.length() + 2);
    }
}
