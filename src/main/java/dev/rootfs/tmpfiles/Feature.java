package dev.rootfs.tmpfiles;

/**
 * Behaviour that depends on the target's systemd-tmpfiles version (tmpfiles semantics §13). Versions 252 and 257
 * were observed; the thresholds in between follow the upstream release that introduced each change.
 */
public enum Feature {
    /** C escapes in fields 1-6 are decoded; before, a backslash only makes the next character literal. */
    FIELD_C_ESCAPES(257, Integer.MAX_VALUE),
    /** %A %M (os-release IMAGE_VERSION / IMAGE_ID) and %q (pretty hostname) exist. */
    IMAGE_SPECIFIERS(257, Integer.MAX_VALUE),
    /** {@code C+} merges into an existing directory; before, it is plain {@code C}. */
    COPY_MERGE(254, Integer.MAX_VALUE),
    /** The {@code ?} modifier of {@code L?}. */
    SYMLINK_IF_TARGET_EXISTS(257, Integer.MAX_VALUE),
    /** The {@code $} (purge) modifier. */
    PURGE_MODIFIER(257, Integer.MAX_VALUE),
    /** ACL permission {@code X} (execute only for directories). */
    ACL_CONDITIONAL_EXECUTE(254, Integer.MAX_VALUE),
    /** Nested {@code x}/{@code X} lines protect paths from {@code R}/{@code D} removal. */
    REMOVE_HONOURS_IGNORE(256, Integer.MAX_VALUE),
    /** {@code --dry-run}. */
    DRY_RUN(256, Integer.MAX_VALUE),
    /** CHASE_SAFE compares the step after a relative symlink with the symlink's owner (observed on 252, not 257). */
    SAFE_CHASE_LINK_OWNER(0, 256),
    /** Debian's split-usr builds also read /lib/tmpfiles.d (bookworm's 252; dropped by trixie's 257). */
    LIB_CONFIG_DIR(0, 254);

    private final int since;
    private final int until;

    Feature(int since, int until) {
        this.since = since;
        this.until = until;
    }

    public boolean in(int version) {
        return version >= since && version <= until;
    }
}
