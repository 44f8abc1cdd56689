package dev.rootfs.tmpfiles;

/**
 * The places where this engine does not do what systemd-tmpfiles {@code --root} does, on purpose: the real tool
 * reaches outside the root or into the build host there (tmpfiles semantics §6, §9, §10), which an image build
 * must never do. This is the one list of them; each has its own test in DeliberateDifferenceTest.
 */
public enum DeliberateDifference {
    /** %H %l %v %a %b %q %h: systemd fills in the build host's values; we skip the line and report it, unless
     * {@code specifierValues} supplies the value. */
    HOST_SPECIFIERS("host-only specifiers are never filled from the build host"),
    /** %S %C %L %t: systemd returns them already prefixed with the root, so paths get the root twice; we give
     * /var/lib, /var/cache, /var/log and /run. */
    DIRECTORY_SPECIFIERS("%S %C %L %t expand to the plain target paths, not root-prefixed ones"),
    /** §9a: implicit parents through an absolute symlink (var/lock -> /run/lock) are created on the host by
     * systemd; we create them inside the root. */
    PARENTS_INSIDE_ROOT("implicit parent directories are created inside the root, through absolute symlinks too"),
    /** §9b: systemd expands globs with the host's glob(3), so absolute symlinks lead to host paths; we expand
     * inside the root. */
    GLOBS_INSIDE_ROOT("globs (w e z Z t T a A h H x X r R) are expanded inside the root"),
    /** §9c: w follows a final absolute symlink on the host; we follow it inside the root. */
    WRITE_INSIDE_ROOT("w follows a final symlink inside the root"),
    /** §9d: the C source is read with host path resolution under the root; we resolve it inside the root. */
    COPY_SOURCE_INSIDE_ROOT("the C source is resolved inside the root"),
    /** §10: ACL entries (a/A) name users and groups that systemd resolves on the host; we use the target's. */
    ACL_NAMES_FROM_TARGET("ACL user and group names come from the target's passwd and group"),
    /** h/H: file attributes (chattr) belong to the image's file system and the metadata has no field for them;
     * they are reported as skipped instead of being set on the build machine. */
    FILE_ATTRIBUTES_REPORTED("h/H file attributes are reported, not set on the build machine"),
    /** w into a device node, fifo or socket that exists only in the metadata (a build without root): systemd
     * writes into the node; there is none on disk, so the line is reported as skipped and the run goes on. */
    WRITE_METADATA_ONLY_NODE_SKIPPED("w into a node that exists only in the metadata is reported, not written");

    private final String summary;

    DeliberateDifference(String summary) {
        this.summary = summary;
    }

    public String summary() {
        return summary;
    }
}
