package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
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

    @Test
    @Basedir("/unit/populate-var")
    @InjectMojo(goal = "populate-var")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "lines", value = "w /var/nul - - - - x")
    void writingIntoANodeOnlyTheMetadataHoldsIsWarnedAboutWithItsLine(PopulateVarMojo mojo) throws Exception {
        Path base = Path.of(MojoExtension.getBasedir());
        Files.createDirectories(base.resolve("rootfs/var"));
        Files.createDirectories(base.resolve("target"));
        Files.writeString(base.resolve("target/rootfs.mtree"), "#mtree\n./var type=dir mode=0755 uid=0 gid=0\n"
                + "./var/nul type=char mode=0666 uid=0 gid=0 device=native,1,3\n");
        CapturingLog log = new CapturingLog(false);
        mojo.setLog(log);
        mojo.execute();
        List<String> w = log.warnings;
        int header = indexOf(w, "1 tmpfiles.d line skipped: the node it writes into is a device node");
        assertTrue(w.get(header + 1).startsWith("  <lines>:1: /var/nul: not writing into a char"), w.toString());
        assertTrue(Files.readString(base.resolve("target/rootfs.mtree")).contains("./var/nul type=char"),
                "the node's record stays");
    }

    @Test
    @Basedir("/unit/populate-var")
    @InjectMojo(goal = "populate-var")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "reportsDirectory", value = "${basedir}/target/reports")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "lines", value = "L /var/lib/home - - - - %h,d /var/lib/x 0755 nosuchuser,d /srv/data")
    void everySkippedLineIsWarnedAboutWithTheRemedy(PopulateVarMojo mojo) throws Exception {
        CapturingLog log = new CapturingLog(false);
        mojo.setLog(log);
        mojo.execute();
        Path base = Path.of(MojoExtension.getBasedir());
        assertFalse(Files.exists(base.resolve("rootfs/var/lib/home")) || Files.exists(base.resolve("rootfs/var/lib/x")));
        List<String> w = log.warnings;
        int host = indexOf(w, "1 tmpfiles.d line skipped: it uses %H");
        assertTrue(w.get(host).contains("<specifierValues><H>VALUE</H></specifierValues>"), w.toString());
        assertTrue(w.get(host + 1).startsWith("  /usr/lib/tmpfiles.d/app.conf:5: d /var/cache/%H"), w.toString());
        int home = indexOf(w, "1 tmpfiles.d line skipped: it uses %h");
        assertTrue(w.get(home).contains("<specifierValues><h>VALUE</h></specifierValues>"), w.toString());
        assertTrue(w.get(home + 1).startsWith("  <lines>:1: L /var/lib/home"), w.toString());
        int user = indexOf(w, "1 tmpfiles.d line skipped: the target has no user 'nosuchuser'");
        assertTrue(w.get(user).contains("/etc/passwd") && w.get(user).contains("sysusers.d")
                && w.get(user).contains("create-users goal"), w.toString());
        assertTrue(w.get(user + 1).startsWith("  <lines>:2: Failed to resolve user 'nosuchuser'"), w.toString());
        assertEquals(1, w.stream().filter(l -> l.contains("<lines>:2:")).count(), "named once: " + w);
        assertTrue(w.stream().noneMatch(l -> l.contains("<lines>:3:") || l.contains("/run/app")),
                "lines outside the prefixes are normal: " + w);
        String report = Files.readString(base.resolve("target/reports/populate-var.json"));
        assertTrue(report.contains("<lines>:1") && report.contains("<lines>:2"), report);
    }

    @Test
    @Basedir("/unit/populate-var")
    @InjectMojo(goal = "populate-var")
    @MojoParameter(name = "directory", value = "${basedir}/rootfs")
    @MojoParameter(name = "metadata", value = "${basedir}/target/rootfs.mtree")
    @MojoParameter(name = "applyOwnership", value = "never")
    @MojoParameter(name = "lines", value = "d /srv/data")
    void linesOutsideThePrefixesAreNamedAtDebugLevel(PopulateVarMojo mojo) throws Exception {
        CapturingLog log = new CapturingLog(true);
        mojo.setLog(log);
        mojo.execute();
        int outside = indexOf(log.debug, "2 tmpfiles.d lines skipped: outside the prefixes");
        assertTrue(log.debug.get(outside).contains("<prefixes>"), log.debug.toString());
        assertTrue(log.debug.get(outside + 1).startsWith("  /usr/lib/tmpfiles.d/app.conf:4: d /run/app"),
                log.debug.toString());
        assertTrue(log.debug.get(outside + 2).startsWith("  <lines>:1: d /srv/data"), log.debug.toString());
        assertTrue(log.warnings.stream().noneMatch(l -> l.contains("<lines>:1")), log.warnings.toString());
    }

    /** Maven's log, kept for assertions. */
    static final class CapturingLog extends SystemStreamLog {
        final boolean debugEnabled;
        final List<String> warnings = new ArrayList<>();
        final List<String> debug = new ArrayList<>();

        CapturingLog(boolean debugEnabled) {
            this.debugEnabled = debugEnabled;
        }

        @Override
        public void warn(CharSequence content) {
            warnings.add(content.toString());
        }

        @Override
        public void debug(CharSequence content) {
            debug.add(content.toString());
        }

        @Override
        public boolean isDebugEnabled() {
            return debugEnabled;
        }
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + start + "' in:\n" + String.join("\n", lines));
    }
}
