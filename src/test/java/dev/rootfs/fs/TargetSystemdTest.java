package dev.rootfs.fs;

import dev.rootfs.report.ConfigurationException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetSystemdTest {
    @TempDir
    Path root;

    @Test
    void readsTheSharedLibraryNameOfAMultiarchTarget() throws Exception {
        Path dir = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu/systemd"));
        Files.createFile(dir.resolve("libsystemd-shared-252.so"));
        TargetSystemd s = TargetSystemd.resolve(TargetRoot.open(root), null);
        assertEquals(252, s.version());
        assertEquals("/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so", s.source());
    }

    @Test
    void readsVersionedNamesAndFollowsTheMergedUsrLink() throws Exception {
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createFile(root.resolve("usr/lib/systemd/libsystemd-shared-257.13-1.so"));
        assertEquals(257, TargetSystemd.find(TargetRoot.open(root)).orElseThrow().version());
    }

    @Test
    void overrideWinsAndNothingMeansAssumed() throws Exception {
        TargetRoot r = TargetRoot.open(root);
        assertEquals(254, TargetSystemd.resolve(r, 254).version());
        TargetSystemd assumed = TargetSystemd.resolve(r, null);
        assertEquals(TargetSystemd.ASSUMED, assumed.version());
        assertTrue(assumed.source().startsWith("assumed"));
        assertThrows(ConfigurationException.class, () -> TargetSystemd.resolve(r, 42));
    }

    @Test
    void anAbsoluteLinkIsReadInsideTheRootAndALoopIsNoEvidence() throws Exception {
        Files.createDirectories(root.resolve("usr"));
        // the build host has /usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so; the root does not
        Files.createSymbolicLink(root.resolve("usr/lib"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib/x86_64-linux-gnu"));
        assertTrue(TargetSystemd.find(TargetRoot.open(root)).isEmpty());
    }
}
