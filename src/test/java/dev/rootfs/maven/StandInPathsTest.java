package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StandInPathsTest {
    final Path cwd = Path.of("/work/empty");

    @Test
    void uninterpolatedBasedirBecomesTheFolderMavenRunsIn() {
        assertEquals(new File("/work/empty/target/rootfs.mtree"),
                StandInPaths.resolve(new File("/work/empty/${project.basedir}/target/rootfs.mtree"), cwd));
        assertEquals(new File("/work/empty/target/rootfs-reports"),
                StandInPaths.resolve(new File("${project.basedir}/target/rootfs-reports"), cwd));
        assertEquals(new File("/work/empty"), StandInPaths.resolve(new File("${project.basedir}"), cwd));
    }

    @Test
    void interpolatedPathsAreLeftAsTheyAre() {
        File f = new File("/srv/project/target/rootfs");
        assertSame(f, StandInPaths.resolve(f, cwd));
        assertEquals(null, StandInPaths.resolve(null, cwd));
    }
}
