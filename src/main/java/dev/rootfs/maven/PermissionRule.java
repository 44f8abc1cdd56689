package dev.rootfs.maven;

/** One {@code <rule>} of a permissions layer. */
public class PermissionRule {
    /** Target paths the rule applies to: {@code *}, {@code ?} within a name, {@code **} across names. */
    String glob;
    /** {@code user} or {@code user:group}, names of the target's passwd and group, or ids. */
    String owner;
    /** Octal mode of matching nodes other than directories and symlinks. */
    String fileMode;
    /** Octal mode of matching directories. */
    String dirMode;
}
