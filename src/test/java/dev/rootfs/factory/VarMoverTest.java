package dev.rootfs.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.fs.Listing;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.TreeFixture;
import dev.rootfs.fs.UserDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The factory listing predicted before the move equals the one walked after it, merges and overwrites included. */
class VarMoverTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "overwrite {0}")
    @ValueSource(booleans = {false, true})
    void predictionMatchesTheTreeAfterTheMove(boolean overwrite) throws Exception {
        Path r = tmp.resolve("root");
        TreeFixture.file(r.resolve("var/lib/app/db"), "db");
        TreeFixture.file(r.resolve("var/lib/same"), "same");
        TreeFixture.file(r.resolve("var/cache/x/y"), "y");
        TreeFixture.link(r.resolve("var/lock"), "../run/lock");
        TreeFixture.file(r.resolve("usr/share/factory/var/lib/same"), "same");
        TreeFixture.file(r.resolve("usr/share/factory/var/lib/catalog"), "catalog");
        Files.createDirectories(r.resolve("usr/share/factory/var/lib/app"));
        if (overwrite) {
            Files.setAttribute(r.resolve("usr/share/factory/var/lib/app"), "unix:mode", 0700);
            TreeFixture.file(r.resolve("usr/share/factory/var/cache/x/old"), "replaced with the file of /var");
            Files.delete(r.resolve("var/cache/x/y"));
            Files.delete(r.resolve("var/cache/x"));
            TreeFixture.file(r.resolve("var/cache/x"), "file now");
        }
        TargetRoot root = TargetRoot.open(r);
        Metadata md = new Metadata();
        md.put(MetaEntry.of("/var/lib/app").withType(dev.rootfs.fs.FileType.DIR).withMode(0750).withOwner(5L, null)
                .withGroup(5L, null));
        md.put(MetaEntry.of("/var/lib/tty").withType(dev.rootfs.fs.FileType.CHAR).withMode(0600).withDevice(4L, 1L));
        UserDb users = UserDb.empty();
        Listing.Options opts = new Listing.Options(true, false);
        List<MetaEntry> varBefore = new ArrayList<>();
        Listing.generate(root, "/var", md, users, opts, varBefore::add);
        List<MetaEntry> factoryBefore = new ArrayList<>();
        Listing.generate(root, FactoryService.FACTORY, md, users, opts, factoryBefore::add);

        VarMover mover = VarMover.plan(root, md, false, overwrite, FactoryService.FACTORY);
        assertEquals(overwrite ? 0 : 1, mover.conflicts().size(), mover.conflicts().toString());
        if (!overwrite) {
            return; // /var/lib/app (0750, 5:5) differs from the factory's: refused without overwrite
        }
        mover.applyTo(md);
        mover.execute();
        List<MetaEntry> after = new ArrayList<>();
        Listing.generate(root, FactoryService.FACTORY, md, users, opts, after::add);
        assertEquals(text(after), text(mover.predictFactory(factoryBefore, varBefore).entries()));
        assertEquals(0, r.resolve("var").toFile().list().length);
    }

    private static String text(List<MetaEntry> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(MtreeFormat.format(e)).append('\n'));
        return sb.toString();
    }
}
