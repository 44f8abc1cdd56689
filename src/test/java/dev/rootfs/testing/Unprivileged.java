package dev.rootfs.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a test-side main class in a JVM as uid/gid 65534 with an empty PATH, so that a goal shows it needs
 * neither root nor any host tool. The test class path lies under root-only directories (~/.m2), so it is copied
 * where that user can read it; {@code dirs} (relative to the working directory, e.g. test resources) are copied
 * into the child's working directory.
 */
public final class Unprivileged {
    private Unprivileged() {
    }

    public static Processes.Run run(Path tmp, Class<?> main, List<Path> dirs, String... args)
            throws IOException, InterruptedException {
        HostTools.requireRoot();
        HostTools.require("setpriv", "util-linux");
        String classPath = readableClasspath(tmp.resolve("cp"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        for (Path d : dirs) {
            copy(d, work.resolve(d));
        }
        Path empty = Files.createDirectories(tmp.resolve("empty-path"));
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.toList()) {
                Files.setAttribute(p, "unix:uid", 65534, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", 65534, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                main.getName()));
        argv.addAll(List.of(args));
        return Processes.command(argv).directory(work).env("PATH", empty.toString()).env("HOME", empty.toString())
                .run();
    }

    /**
     * The test class path copied into {@code dir}, readable by any user, as a class path string: the local
     * repository and the checkout may lie under directories only root can enter.
     */
    public static String readableClasspath(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String e : classPath.split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (Files.exists(src)) {
                Path dst = dir.resolve((n++) + "-" + src.getFileName());
                copy(src, dst);
                entries.add(dst.toString());
            }
        }
        Processes.command("chmod", "-R", "a+rX", dir.toString()).runOk();
        return String.join(File.pathSeparator, entries);
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src)) {
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : s.toList()) {
                    Path d = dst.resolve(src.relativize(p).toString());
                    // links are copied as links: the test output may hold dangling ones
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(d);
                    } else {
                        Files.createDirectories(d.getParent());
                        Files.copy(p, d, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        } else {
            Files.createDirectories(dst.getParent());
            Files.copy(src, dst);
        }
    }
}
