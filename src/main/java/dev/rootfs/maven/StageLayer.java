package dev.rootfs.maven;

import java.io.File;
import java.util.List;

/**
 * One {@code <layer>} of the stage goal's {@code <layers>}: set exactly one of {@code archive}, {@code artifact},
 * {@code tree}, {@code file}, {@code mtree} or {@code rules}; the other fields refine it.
 */
public class StageLayer {
    /** A tar or cpio archive file, plain or compressed. */
    File archive;
    /** An archive as Maven coordinates {@code groupId:artifactId:version[:type[:classifier]]} (type tar). */
    String artifact;
    /** A directory copied with its symlinks, modes and hard links. */
    File tree;
    /** One file copied to {@code target}. */
    File file;
    /** An mtree spec of directories, links, devices, owners and modes. */
    File mtree;
    /** Permission rules applied to what the earlier layers staged. */
    List<PermissionRule> rules;
    /** For a file layer: the target path; for the others unused. */
    String target;
    /** For a file layer: the octal mode (default 0644). */
    String mode;
    /** For archive and tree layers: the target directory they go under (default /). */
    String prefix;
    /** For archive layers: globs of target paths to take. */
    List<String> includes;
    /** For archive layers: globs of target paths to leave out. */
    List<String> excludes;
}
