package dev.rootfs.tmpfiles;

/**
 * A resolved user or group field: the numeric id, whether it is set at all, and whether only a newly created
 * node gets it ({@code :} prefix). {@code name} is what the line said, for reports.
 */
public record Owner(long id, boolean set, boolean onlyCreate, String name) {
    static final Owner UNSET = new Owner(0, false, false, null);
}
