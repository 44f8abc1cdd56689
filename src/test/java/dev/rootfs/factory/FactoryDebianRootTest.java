package dev.rootfs.factory;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.goal.GoalContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rootfs.fs.Listing;
import dev.rootfs.fs.ListingDiff;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.Ownership;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The /var of a real Debian 12 minbase root (mmdebstrap, cached outside the repository) goes through the
 * factory and comes back exact from the real systemd-tmpfiles, with and without early writers.
 */
class FactoryDebianRootTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "systemd {0}, early writers {1}")
    @CsvSource({"252, false", "252, true", "257, false", "257, true"})
    void debianVarRoundTrips(int version, boolean earlyWriters) throws Exception {
        HostTools.requireRoot();
        HostTools.require("mmdebstrap", "mmdebstrap");
        int tmpfiles = SystemdTmpfiles.binary(version);
        Processes.Run built = Processes.run(null, List.of("bash", Path.of("src/test/sh/debian-root.sh")
                .toAbsolutePath().toString(), "bookworm"));
        HostTools.requireThat(built.exitCode() == 0, "no Debian 12 root: " + built.stderr());
        Path debian = Path.of(built.stdout().strip());

        // the target: Debian's /var and user database, nothing else (its own tmpfiles.d would add to /var)
        Path r = Files.createDirectories(tmp.resolve("root"));
        for (String p : List.of("var", "etc/passwd", "etc/group")) {
            Files.createDirectories(r.resolve(p).getParent());
            Processes.Run cp = Processes.run(null, List.of("cp", "-a", debian.resolve(p).toString(),
                    r.resolve(p).toString()));
            assertEquals(0, cp.exitCode(), cp.stderr());
        }
        TargetRoot root = TargetRoot.open(r);
        UserDb users = UserDb.load(root);
        List<MetaEntry> expected = new ArrayList<>();
        Listing.generate(root, "/var", new Metadata(), users, new Listing.Options(true, true), expected::add);

        GoalFrame.run(GoalContext.of(r, tmp.resolve("rootfs.mtree")).withOwnership(Ownership.ALWAYS),
                new FactoryService(FactoryService.Options.builder().systemdVersion(version).mount(false).build()));
        List<String> extra = new ArrayList<>();
        if (earlyWriters) {
            // journald and the catalog update, as they run before systemd-tmpfiles-setup at boot
            for (String p : List.of("/var/log/journal", "/var/lib/systemd/catalog")) {
                if (expected.stream().noneMatch(e -> e.path().equals(p))) {
                    extra.add(p);
                }
                root.mkdirs(p, 0700);
            }
        }
        Processes.Run run = SystemdTmpfiles.create(tmpfiles, r);
        assertEquals(0, run.exitCode(), run.output());
        List<MetaEntry> actual = new ArrayList<>();
        Listing.generate(root, "/var", new Metadata(), users, new Listing.Options(true, true), actual::add);
        actual.removeIf(e -> extra.contains(e.path()));
        List<String> diff = ListingDiff.diff(metadata(expected), metadata(actual));
        if (!diff.isEmpty()) {
            fail("Debian's /var came back different:\n" + String.join("\n", diff));
        }
        System.out.println("factory round trip of Debian 12's /var (" + expected.size() + " entries), systemd "
                + version + ", early writers " + earlyWriters + ": exact");
    }

    private static Metadata metadata(List<MetaEntry> entries) {
        Metadata m = new Metadata();
        entries.forEach(m::put);
        return m;
    }
}
