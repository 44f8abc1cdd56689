package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MojoTest
class ArchiveMojoTest {
    Path base;

    @BeforeEach
    void clean() throws Exception {
        base = Path.of(MojoExtension.getBasedir());
        Path target = base.resolve("target");
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.walk(target)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Path (as the archive names it) to content, for every node of the root. */
    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String name = root.relativize(p).toString();
                out.put(name.isEmpty() ? "./" : "./" + name + (Files.isDirectory(p) ? "/" : ""),
                        Files.isRegularFile(p) ? Files.readString(p) : "");
            }
        }
        return out;
    }

    private static Map<String, String> archived(Path tar) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                out.put(e.getName(), e.isFile() ? new String(t.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        : "");
            }
        }
        return out;
    }

    @Test
    @Basedir("/unit/archive-basic")
    @InjectMojo(goal = "archive")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "archive", value = "${basedir}/target/rootfs.tar")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "attach", value = "false")
    void archivesEveryNodeOfTheRoot(ArchiveMojo mojo) throws Exception {
        mojo.execute();
        assertEquals(tree(base.resolve("rootfs")), archived(base.resolve("target/rootfs.tar")));
        assertTrue(Files.isRegularFile(base.resolve("target/reports/archive.json")));
        assertFalse(Files.exists(base.resolve("target/rootfs.mtree")), "the archive only reads the metadata");
    }

    @Test
    @Basedir("/unit/archive-basic")
    @InjectMojo(goal = "archive")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "archive", value = "${basedir}/target/rootfs.zip")
    @MojoParameter(name = "archiveFormat", value = "zip")
    void anUnknownFormatIsABuildFailureWithoutStackTrace(ArchiveMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("archive format must be tar or cpio, not 'zip'", e.getMessage());
        assertNull(e.getCause());
        assertFalse(Files.exists(base.resolve("target/rootfs.zip")));
    }

    @Test
    @Basedir("/unit/archive-basic")
    @InjectMojo(goal = "archive")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "archive", value = "${basedir}/rootfs/rootfs.tar")
    void anArchiveInsideTheRootIsRefused(ArchiveMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("lies inside the root"), e.getMessage());
        assertFalse(Files.exists(base.resolve("rootfs/rootfs.tar")));
    }

    @Test
    @Basedir("/unit/archive-basic")
    @InjectMojo(goal = "archive")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "archive", value = "${basedir}/target/rootfs.tar")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "skipArchive", value = "true")
    void skipWritesNothing(ArchiveMojo mojo) throws Exception {
        mojo.execute();
        assertFalse(Files.exists(base.resolve("target")), "no archive, report or metadata");
    }
}
