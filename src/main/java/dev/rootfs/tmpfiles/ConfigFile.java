package dev.rootfs.tmpfiles;

/**
 * One tmpfiles.d configuration to read.
 *
 * @param name    basename, which decides masking and order
 * @param shown   how diagnostics name it: the target path for discovered files, the host path otherwise
 * @param content the bytes; empty for a masked file
 * @param masked  an empty file or a link to /dev/null hiding lower-priority files of the same name
 */
public record ConfigFile(String name, String shown, byte[] content, boolean masked) {
}
