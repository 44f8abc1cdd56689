package dev.rootfs.image;

import dev.rootfs.report.ProblemsException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the real tools an image is made with, found in the configured tool directory, then on the
 * {@code PATH}, then in {@code /usr/sbin} and {@code /sbin} (where e2fsprogs lives, often not on a user's
 * PATH), and checked to be recent enough. A missing or too old tool is refused in one line naming the tool,
 * the version found, the version needed and the Debian package that has it.
 *
 * @param name          the command, e.g. {@code mkfs.erofs}
 * @param needed        the lowest version that does what the image needs, e.g. "1.7"
 * @param debianPackage the package to install
 * @param why           what the needed version brings, e.g. "reads a tar stream"
 * @param versionArg    the option that makes the tool print its version
 */
record ImageTool(String name, String needed, String debianPackage, String why, String versionArg) {

    static final ImageTool SQFSTAR = new ImageTool("sqfstar", "4.5.1", "squashfs-tools",
            "builds squashfs from a tar stream", "-version");
    static final ImageTool MKFS_EROFS = new ImageTool("mkfs.erofs", "1.7", "erofs-utils",
            "builds erofs from a tar stream (--tar=f)", "--version");
    static final ImageTool MKE2FS = new ImageTool("mke2fs", "1.46.0", "e2fsprogs",
            "populates ext4 from a directory with a fixed hash seed", "-V");
    static final ImageTool DEBUGFS = new ImageTool("debugfs", "1.46.0", "e2fsprogs",
            "sets owners, modes, devices and xattrs in ext4", "-V");
    static final ImageTool VERITYSETUP = new ImageTool("veritysetup", "2.0", "cryptsetup-bin",
            "formats dm-verity hash trees on plain files", "--version");

    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)+)");

    /** A found tool and its version. */
    record Found(ImageTool tool, Path path, String version) {
        String describe() {
            return tool.name() + " " + version;
        }
    }

    /** Finds the tool and checks its version. */
    Found require(Path toolDirectory) throws ProblemsException {
        Path exe = locate(toolDirectory);
        if (exe == null) {
            throw new ProblemsException(name + " not found (version " + needed + " or later needed, it " + why
                    + "): install the Debian package " + debianPackage
                    + (toolDirectory == null ? "" : " or put it in " + toolDirectory));
        }
        String version = version(exe);
        if (version == null || compare(version, needed) < 0) {
            throw new ProblemsException(name + " " + (version == null ? "of unknown version" : version) + " at "
                    + exe + " is too old: version " + needed + " or later is needed (it " + why
                    + "), from the Debian package " + debianPackage);
        }
        return new Found(this, exe, version);
    }

    /** The tool's path, or null. */
    Path locate(Path toolDirectory) {
        List<Path> dirs = new ArrayList<>();
        if (toolDirectory != null) {
            dirs.add(toolDirectory);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/sbin"));
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private String version(Path exe) {
        try {
            Process p = new ProcessBuilder(exe.toString(), versionArg).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            // the first version-like word (erofs-utils 1.5 prints its version before refusing --version)
            Matcher m = VERSION.matcher(out);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Compares dotted versions numerically ("1.47.0" < "1.47.1" < "1.48"). */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
