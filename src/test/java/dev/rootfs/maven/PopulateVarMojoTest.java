package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
class PopulateVarMojoTest {

    /** Each test starts from the pristine root: the goal writes into it. */
    @BeforeEach
    void pristine() throws Exception {
        Path base = Path.of(MojoExtension.getBasedir());
        for (String d : new String[] {"rootfs/var", "rootfs/run", "target"}) {
            Path p = base.resolve(d);
            if (Files.exists(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
                }
            }
        }
    }

    @Test
    @Basedir("/unit/populate-var")
    @InjectMojo(goal = "populate-var")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "applyOwnership", value = "never")
    void appliesTheTargetsRulesWithItsOwners(PopulateVarMojo mojo) throws Exception {
        mojo.execute();
        Path base = Path.of(MojoExtension.getBasedir());
        String md = Files.readString(base.resolve("target/rootfs.mtree"));
        assertTrue(md.contains("./var/lib/app type=dir mode=0750 uid=1000 gid=1000 uname=app gname=app\n"), md);
        assertTrue(md.contains("./var/lib/app/settings.conf type=file mode=0640 uid=1000 gid=1000"), md);
        assertTrue(md.contains("./var/lib/app/current type=link mode=0777 uid=0 gid=0 uname=root gname=root "
                + "link=/usr/share/app/default"), md);
        assertTrue(Files.readString(base.resolve("rootfs/var/lib/app/settings.conf")).equals("mode=factory"));
        assertFalse(Files.exists(base.resolve("rootfs/run/app")), "/run is excluded by default");
        String report = Files.readString(base.resolve("target/reports/populate-var.json"));
        assertTrue(report.contains("\"systemd-version\": 252"), report);
        assertTrue(report.contains("\"skipped-specifier\": 1"), report);
        assertTrue(report.contains("%H is a value of the running host"), report);
    }

    @Test
    @Basedir("/unit/populate-var")
    @InjectMojo(goal = "populate-var")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "lines", value = "Y /var/bad,d relative,d /var/good 0750 nosuchuser")
    void invalidLinesFailListingEveryProblemAndChangeNothing(PopulateVarMojo mojo) throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<lines>:1: Unknown command type 'Y'."), e.getMessage());
        assertTrue(e.getMessage().contains("<lines>:2: Path 'relative' not absolute."), e.getMessage());
        assertFalse(e.getMessage().contains("nosuchuser"), "unknown users skip their line, they do not fail");
        assertFalse(Files.exists(Path.of(MojoExtension.getBasedir(), "rootfs/var")), "nothing changed");
    }

    @Test
    @Basedir("/unit/populate-var")
    @InjectMojo(goal = "populate-var")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "failOnError", value = "false")
    @MojoParameter(name = "systemdVersion", value = "257")
    @MojoParameter(name = "specifierValues", value = "")
    @MojoParameter(name = "lines", value = "Y /var/bad,d /var/good 0711")
    void failOnErrorFalseWarnsAndContinues(PopulateVarMojo mojo) throws Exception {
        mojo.execute();
        assertTrue(Files.isDirectory(Path.of(MojoExtension.getBasedir(), "rootfs/var/good")));
        assertTrue(Files.isDirectory(Path.of(MojoExtension.getBasedir(), "rootfs/var/lib/app")));
    }

    @Test
    @Basedir("/unit/populate-var")
    @InjectMojo(goal = "populate-var")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "skipPopulateVar", value = "true")
    void skip(PopulateVarMojo mojo) throws Exception {
        mojo.execute();
        assertFalse(Files.exists(Path.of(MojoExtension.getBasedir(), "rootfs/var")));
    }
}
