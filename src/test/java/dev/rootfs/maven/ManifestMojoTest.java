package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

@MojoTest
class ManifestMojoTest {

    @Test
    @Basedir("/unit/manifest-basic")
    @InjectMojo(goal = "manifest")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "manifest", value = "${basedir}/target/listing.mtree")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "digests", value = "false")
    void writesTheListing(ManifestMojo mojo) throws Exception {
        mojo.execute();
        Path base = Path.of(org.apache.maven.api.plugin.testing.MojoExtension.getBasedir());
        String listing = Files.readString(base.resolve("target/listing.mtree"));
        assertTrue(listing.contains("./etc/hostname type=file mode=0644 uid=0 gid=0 uname=root gname=root\n"),
                listing);
        assertTrue(Files.exists(base.resolve("target/reports/manifest.json")));
    }

    @Test
    @Basedir("/unit/manifest-basic")
    @InjectMojo(goal = "manifest")
    @MojoParameter(name = "directory", value = "${basedir}/does-not-exist")
    @MojoParameter(name = "manifest", value = "${basedir}/target/none.mtree")
    void missingRootIsABuildFailureWithOneLine(ManifestMojo mojo) {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().matches("root directory .*/does-not-exist does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(Path.of(org.apache.maven.api.plugin.testing.MojoExtension.getBasedir(),
                "target/none.mtree")), "no listing of a missing root");
    }

    @Test
    @Basedir("/unit/manifest-basic")
    @InjectMojo(goal = "manifest")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/skipped/rootfs.mtree")
    @MojoParameter(name = "manifest", value = "${basedir}/target/skipped/listing.mtree")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/skipped/reports")
    @MojoParameter(name = "skipManifest", value = "true")
    void skipDoesNothing(ManifestMojo mojo) throws Exception {
        // the same configuration without the skip lists the root (writesTheListing): here nothing is written
        mojo.execute();
        assertEquals(false, Files.exists(Path.of(org.apache.maven.api.plugin.testing.MojoExtension.getBasedir(),
                "target/skipped")), "no listing, metadata or report");
    }
}
