package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MojoTest
class GenerateFactoryMojoTest {
    Path base;
    Path root;

    /** A fresh root in target/: the goal moves /var. */
    @BeforeEach
    void root() throws Exception {
        base = Path.of(MojoExtension.getBasedir());
        Path target = base.resolve("target");
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.walk(target)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        root = base.resolve("target/rootfs");
        write("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        write("etc/group", "root:x:0:\n");
        write("usr/lib/systemd/libsystemd-shared-252.so", "");
        write("var/lib/app/db", "data\n");
        write("var/log/README", "built\n");
    }

    private void write(String rel, String content) throws Exception {
        Files.createDirectories(root.resolve(rel).getParent());
        Files.writeString(root.resolve(rel), content);
    }

    /** Relative path to content (directories empty) of every node under {@code dir}. */
    private static Map<String, String> tree(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                out.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "");
            }
        }
        return out;
    }

    @Test
    @Basedir("/unit/factory-basic")
    @InjectMojo(goal = "generate-factory")
    @MojoParameter(name = "directory", value = "${basedir}/target/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "applyOwnership", value = "never")
    void movesVarIntoTheFactoryAndWritesItsConfAndMount(GenerateFactoryMojo mojo) throws Exception {
        Map<String, String> var = tree(root.resolve("var"));
        mojo.execute();
        assertEquals(var, tree(root.resolve("usr/share/factory/var")), "the factory holds what /var held");
        assertEquals(Map.of("", ""), tree(root.resolve("var")), "/var is left empty, the mount point");
        String conf = Files.readString(root.resolve("usr/lib/tmpfiles.d/00-rootfs-var-factory.conf"));
        assertTrue(conf.contains("/var/lib/app/db"), conf);
        assertTrue(Files.isRegularFile(root.resolve("usr/lib/systemd/system/var.mount")));
        assertTrue(Files.isSymbolicLink(root.resolve("usr/lib/systemd/system/local-fs.target.wants/var.mount")));
        assertTrue(Files.isRegularFile(base.resolve("target/reports/generate-factory.json")));
    }

    @Test
    @Basedir("/unit/factory-basic")
    @InjectMojo(goal = "generate-factory")
    @MojoParameter(name = "directory", value = "${basedir}/target/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "confName", value = "var/factory.txt")
    void aBadConfNameFailsAndChangesNothing(GenerateFactoryMojo mojo) throws Exception {
        Map<String, String> before = tree(root);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("confName must be a file name ending in .conf, not 'var/factory.txt'", e.getMessage());
        assertNull(e.getCause());
        assertEquals(before, tree(root));
    }

    @Test
    @Basedir("/unit/factory-basic")
    @InjectMojo(goal = "generate-factory")
    @MojoParameter(name = "directory", value = "${basedir}/target/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "skipFactory", value = "true")
    void skipChangesNothing(GenerateFactoryMojo mojo) throws Exception {
        Map<String, String> before = tree(root);
        mojo.execute();
        assertEquals(before, tree(root));
        assertFalse(Files.exists(base.resolve("target/reports")));
        assertFalse(Files.exists(base.resolve("target/rootfs.mtree")));
    }
}
