package dev.rootfs.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.report.ConfigurationException;
import dev.rootfs.report.ProblemsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageToolTest {

    /** What erofs-utils 1.5 (Debian 12) prints for --version: its version, then the usage it refuses with. */
    @Test
    void aTooOldToolIsRefusedInOneLineNamingVersionsAndPackage(@TempDir Path dir) throws Exception {
        Path exe = dir.resolve("mkfs.erofs");
        Files.writeString(exe, "#!/bin/sh\necho 'mkfs.erofs 1.5'\necho \"mkfs.erofs: unrecognized option '$1'\"\nexit 1\n");
        Files.setAttribute(exe, "unix:mode", 0755);
        ProblemsException e = assertThrows(ProblemsException.class, () -> ImageTool.MKFS_EROFS.require(dir));
        String m = e.getMessage();
        assertEquals(1, m.lines().count(), m);
        assertTrue(m.startsWith("mkfs.erofs 1.5 at " + exe + " is too old: version 1.7 or later is needed"), m);
        assertTrue(m.endsWith("from the Debian package erofs-utils"), m);
    }

    @Test
    void aRecentEnoughToolIsFoundFirstInTheToolDirectory(@TempDir Path dir) throws Exception {
        Path exe = dir.resolve("veritysetup");
        Files.writeString(exe, "#!/bin/sh\necho 'veritysetup 2.7.5 flags: UDEV'\n");
        Files.setAttribute(exe, "unix:mode", 0755);
        ImageTool.Found f = ImageTool.VERITYSETUP.require(dir);
        assertEquals(exe, f.path());
        assertEquals("2.7.5", f.version());
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(ImageTool.compare("1.47.0", "1.47.1") < 0);
        assertTrue(ImageTool.compare("1.10", "1.9") > 0);
        assertEquals(0, ImageTool.compare("4.6", "4.6.0"));
    }

    @Test
    void aCompressionTheTypeLacksIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ImageService.Options.of(ImageType.EROFS, Path.of("x")).withCompression("gzip"));
        assertEquals("compression 'gzip' is not available for erofs images: expected one of none, lz4, lz4hc, lzma",
                e.getMessage());
    }
}
