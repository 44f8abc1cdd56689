package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.ListingDiff;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MtreeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden file format: what is written reads back the same, and a changed case is stale, not a difference. */
class GoldenCaseTest {
    @TempDir
    Path tmp;

    static final GoldenCase.Id ID = new GoldenCase.Id("rules", GoldenCase.slug("§4 x\ty"), "§4 x\ty");

    @Test
    void writtenFilesReadBackAndChangedCasesAreStale() throws Exception {
        Metadata md = MtreeFormat.parse("#mtree\n./var type=dir mode=2755 uid=0 gid=5\n"
                + "./var/a\\040b type=file mode=0600 uid=900 gid=901 sha256digest="
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
                + "./var/l type=link mode=0777 uid=0 gid=0 link=../x\n"
                + "./var/n type=char mode=0666 uid=0 gid=0 device=native,1,3\n", "t").metadata();
        String conf = "f /var/a\\x20b - - - - tab\there\r\nw /var/x\n";
        String header = GoldenCase.header(257, ID, conf, List.of("--create", "--boot"), "abc");
        assertEquals("s4-x-y", ID.name());
        Path f = tmp.resolve("case.txt");
        Files.writeString(f, GoldenCase.render(header, 65, md));
        // one header line per config line, control characters visible
        assertTrue(Files.readString(f).contains("#  |f /var/a\\x20b - - - - tab\\x09here\\x0d\n#  |w /var/x\n"),
                Files.readString(f));

        GoldenCase.Recorded r = GoldenCase.read(f, ID, header);
        assertEquals(65, r.exit());
        assertEquals(List.of(), ListingDiff.diff(md, r.listing()));
        assertEquals(FileType.CHAR, r.listing().get("/var/n").type());

        String other = GoldenCase.header(257, ID, conf.replace("w /var/x", "w /var/y"), List.of("--create", "--boot"),
                "abc");
        AssertionError stale = assertThrows(AssertionError.class, () -> GoldenCase.read(f, ID, other));
        assertTrue(stale.getMessage().contains("is stale"), stale.getMessage());
        AssertionError missing = assertThrows(AssertionError.class,
                () -> GoldenCase.read(tmp.resolve("none.txt"), ID, header));
        assertTrue(missing.getMessage().contains("no golden file"), missing.getMessage());

        md.put(MetaEntry.of("/var/extra").withType(FileType.DIR).withMode(0755).withOwner(0L, null).withGroup(0L, null));
        assertEquals(1, ListingDiff.diff(r.listing(), md).size());
    }
}
