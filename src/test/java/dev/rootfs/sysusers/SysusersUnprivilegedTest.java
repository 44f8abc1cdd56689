package dev.rootfs.sysusers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create-users works without root and without any host systemd tool: every recorded case is run by a JVM as
 * uid/gid 65534 whose PATH holds nothing, and must give the recorded results of the real systemd-sysusers.
 */
class SysusersUnprivilegedTest {

    /** The unprivileged side: runs every case with our goal and writes what it rendered into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        for (int version : new int[] {252, 257}) {
            for (Map.Entry<String, SysusersFixture> c : SysusersCases.all().entrySet()) {
                Path dir = Files.createTempDirectory(out, "case");
                String ours = c.getValue().runOurs(version, Files.createDirectories(dir.resolve("root")),
                        Files.createDirectories(dir.resolve("work")));
                Files.writeString(out.resolve(version + "-" + c.getKey() + ".txt"), ours, StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void everyCaseRunsAsNobodyWithoutHostTools(@TempDir Path tmp) throws Exception {
        HostTools.requireRoot();
        HostTools.require("setpriv", "util-linux");
        // the test class path lies under root-only directories (~/.m2): copy it where uid 65534 can read it
        Path cp = Files.createDirectories(tmp.resolve("cp"));
        List<String> entries = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String e : classPath.split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = cp.resolve((n++) + "-" + src.getFileName());
            copy(src, dst);
            entries.add(dst.toString());
        }
        Path work = Files.createDirectories(tmp.resolve("work"));
        copy(SysusersCases.CORPUS, work.resolve(SysusersCases.CORPUS));
        Path out = Files.createDirectories(tmp.resolve("out"));
        chownNobody(tmp);
        Path empty = Files.createDirectories(tmp.resolve("empty-path"));
        Processes.Run r = Processes.command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, entries), SysusersUnprivilegedTest.class.getName(), out.toString())
                .directory(work).env("PATH", empty.toString()).env("HOME", empty.toString()).run();
        assertEquals(0, r.exitCode(), r.output());
        int compared = 0;
        for (int version : new int[] {252, 257}) {
            for (String name : SysusersCases.all().keySet()) {
                Path golden = Path.of("src/test/resources/golden/sysusers/" + version + "/" + name + ".txt");
                assertEquals(Files.readString(golden), Files.readString(out.resolve(version + "-" + name + ".txt")),
                        version + " " + name + " as uid 65534");
                compared++;
            }
        }
        System.out.println("sysusers: " + compared + " recorded cases identical as uid 65534 with an empty PATH");
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (Files.isDirectory(src)) {
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : s.toList()) {
                    Path d = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(d);
                    } else {
                        Files.createDirectories(d.getParent());
                        Files.copy(p, d);
                    }
                }
            }
        } else {
            Files.createDirectories(dst.getParent());
            Files.copy(src, dst);
        }
    }

    private static void chownNobody(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Files.setAttribute(p, "unix:uid", 65534);
                Files.setAttribute(p, "unix:gid", 65534);
            }
        }
    }
}
