package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.testing.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class ImageMojoTest {

    @Test
    @Basedir("/unit/manifest-basic")
    @InjectMojo(goal = "image")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/image/rootfs.mtree")
    @MojoParameter(name = "image", value = "${basedir}/target/image/rootfs.ext4")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/image/reports")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "imageType", value = "ext4")
    @MojoParameter(name = "verity", value = "true")
    @MojoParameter(name = "outputTimestamp", value = "2025-01-01T00:00:00Z")
    @MojoParameter(name = "attach", value = "false") // the harness's project stub has no artifact; see the IT
    void writesTheImageItsVerityFilesChecksumsAndReport(ImageMojo mojo) throws Exception {
        HostTools.requireThat(HostTools.onPath("veritysetup") || Files.isExecutable(Path.of("/usr/sbin/veritysetup")),
                "veritysetup is not installed (apt-get install -y cryptsetup-bin)");
        HostTools.requireThat(Files.isExecutable(Path.of("/usr/sbin/mke2fs")) || HostTools.onPath("mke2fs"),
                "mke2fs is not installed (apt-get install -y e2fsprogs)");
        mojo.execute();
        Path out = Path.of(org.apache.maven.api.plugin.testing.MojoExtension.getBasedir(), "target/image");
        for (String f : new String[] {"rootfs.ext4", "rootfs.ext4.sha256", "rootfs.ext4.verity",
            "rootfs.ext4.verity.sha256", "rootfs.ext4.roothash", "rootfs.ext4.cmdline"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String hash = Files.readString(out.resolve("rootfs.ext4.roothash")).strip();
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        assertEquals("roothash=" + hash, Files.readString(out.resolve("rootfs.ext4.cmdline")).strip());
        String report = Files.readString(out.resolve("reports/image.json"));
        assertTrue(report.contains("\"rootHash\": \"" + hash + "\""), report);
        assertTrue(report.contains("\"commands\""), report);
        try (var s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    @Basedir("/unit/manifest-basic")
    @InjectMojo(goal = "image")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "imageType", value = "btrfs")
    void anUnknownTypeIsABuildFailureWithOneLine(ImageMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("unknown imageType 'btrfs': expected squashfs, erofs or ext4", e.getMessage());
    }
}
