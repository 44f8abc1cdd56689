package dev.rootfs.maven;

import java.io.File;
import java.nio.file.Path;

/**
 * Paths from parameter defaults of a run without a pom. Maven's stand-in project leaves
 * {@code ${project.basedir}} as literal text, and Maven then makes the path absolute against the folder it runs in,
 * giving {@code DIR/${project.basedir}/target/...}: everything up to and including that text stands for the
 * project folder, which is the folder Maven runs in.
 */
final class StandInPaths {
    static final String BASEDIR = "${project.basedir}";

    private StandInPaths() {
    }

    /** {@code path} with an uninterpolated basedir replaced by {@code cwd}; the same object when there is none. */
    static File resolve(File path, Path cwd) {
        if (path == null) {
            return null;
        }
        String s = path.getPath();
        int i = s.lastIndexOf(BASEDIR);
        if (i < 0) {
            return path;
        }
        String rest = s.substring(i + BASEDIR.length());
        while (rest.startsWith(File.separator)) {
            rest = rest.substring(1);
        }
        return rest.isEmpty() ? cwd.toFile() : cwd.resolve(rest).toFile();
    }
}
