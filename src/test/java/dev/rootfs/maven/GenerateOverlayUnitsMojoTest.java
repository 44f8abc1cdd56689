package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class GenerateOverlayUnitsMojoTest {

    private static Path target(Path basedir) throws Exception {
        Path root = basedir.resolve("target/rootfs");
        for (String cmd : List.of("mkdir", "mount", "chown", "chmod")) {
            Files.createDirectories(root.resolve("usr/bin"));
            Files.writeString(root.resolve("usr/bin/" + cmd), "");
            root.resolve("usr/bin/" + cmd).toFile().setExecutable(true);
        }
        Files.createDirectories(root.resolve("var/log"));
        Files.createDirectories(root.resolve("lib/modules/6.1.0/kernel/fs/overlayfs"));
        Files.writeString(root.resolve("lib/modules/6.1.0/kernel/fs/overlayfs/overlay.ko"), "");
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Files.writeString(root.resolve("usr/lib/systemd/libsystemd-shared-257.so"), "");
        Files.deleteIfExists(root.resolve("usr/lib/systemd/system/var.mount"));
        return root;
    }

    @Test
    @Basedir("/unit/overlay-basic")
    @InjectMojo(goal = "generate-overlay-units")
    void writesTheUnits(GenerateOverlayUnitsMojo mojo) throws Exception {
        Path root = target(Path.of(org.apache.maven.api.plugin.testing.MojoExtension.getBasedir()));
        mojo.execute();
        assertTrue(Files.isRegularFile(root.resolve("usr/lib/systemd/system/var.mount")));
        assertTrue(Files.isRegularFile(root.resolveSibling("rootfs-reports/generate-overlay-units.json")));
    }

    @Test
    @Basedir("/unit/overlay-basic")
    @InjectMojo(goal = "generate-overlay-units")
    @MojoParameter(name = "skipOverlayUnits", value = "true")
    void skips(GenerateOverlayUnitsMojo mojo) throws Exception {
        Path root = target(Path.of(org.apache.maven.api.plugin.testing.MojoExtension.getBasedir()));
        mojo.execute();
        assertFalse(Files.exists(root.resolve("usr/lib/systemd/system/var.mount")));
    }

    @Test
    @Basedir("/unit/overlay-basic")
    @InjectMojo(goal = "generate-overlay-units")
    @MojoParameter(name = "overlayPaths", value = "var,/srv")
    @MojoParameter(name = "upperStorage", value = "device")
    @MojoParameter(name = "storageType", value = "vfat")
    void badInputIsABuildFailureListingEveryProblem(GenerateOverlayUnitsMojo mojo) throws Exception {
        target(Path.of(org.apache.maven.api.plugin.testing.MojoExtension.getBasedir()));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("'var' is relative"), e.getMessage());
        assertTrue(e.getMessage().contains("'vfat' is not a file system"), e.getMessage());
        assertTrue(e.getMessage().contains("/srv: does not exist in the target"), e.getMessage());
        assertEquals(null, e.getCause());
    }

    @Test
    @Basedir("/unit/overlay-basic")
    @InjectMojo(goal = "generate-overlay-units")
    @MojoParameter(name = "upperStorage", value = "nfs")
    void unknownStorageKind(GenerateOverlayUnitsMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("upperStorage must be tmpfs, device or mountpoint"), e.getMessage());
    }
}
