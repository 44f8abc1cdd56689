package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** os-release files are meant to be sourced by a shell: the reader must give what /bin/sh gives. */
class OsReleaseTest {
    @TempDir
    Path tmp;

    private static final String TEXT = String.join("\n",
            "# a comment",
            "NAME=\"Debian GNU/Linux\"",
            "ID=debian",
            "",
            "VERSION_ID='12'",
            "PRETTY_NAME=\"Say \\\"hi\\\" for \\$5 \\\\ \\`x\\` a\\b\"",
            "SINGLE='no \\\" escapes \\ here'",
            "BARE=a\\ b\\$c",
            "IMAGE_VERSION=1.0",
            "IMAGE_VERSION=1.4.2",
            "EMPTY=",
            "EMPTY_QUOTED=\"\"",
            "");

    @Test
    void readsWhatAShellReads() throws Exception {
        Path file = Files.writeString(tmp.resolve("os-release"), TEXT);
        Map<String, String> ours = OsRelease.parse(TEXT);
        for (String key : List.of("NAME", "ID", "VERSION_ID", "PRETTY_NAME", "SINGLE", "BARE", "IMAGE_VERSION",
                "EMPTY", "EMPTY_QUOTED")) {
            Processes.Run sh = Processes.run(List.of("sh", "-c", ". \"$1\"; printf '%s' \"$" + key + "\"", "sh",
                    file.toString()), new byte[0]);
            assertEquals(0, sh.exitCode(), sh.output());
            assertEquals(sh.stdout(), ours.get(key), key);
        }
    }

    @Test
    void etcWinsOverUsrLib() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/os-release"), "ID=vendor\n");
        assertEquals("vendor", OsRelease.read(TargetRoot.open(root)).orElseThrow().get("ID"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=local\n");
        assertEquals("local", OsRelease.read(TargetRoot.open(root)).orElseThrow().get("ID"));
        Files.delete(root.resolve("etc/os-release"));
        Files.delete(root.resolve("usr/lib/os-release"));
        assertEquals(java.util.Optional.empty(), OsRelease.read(TargetRoot.open(root)));
    }
}
