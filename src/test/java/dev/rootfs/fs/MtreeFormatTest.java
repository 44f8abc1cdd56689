package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.report.Problem;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MtreeFormatTest {

    @Test
    void escapingRoundTripsEveryCharacter() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int j = 0; j < n; j++) {
                int c = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(128);
                    case 1 -> " #=\\\n\t%'\"".charAt(r.nextInt(9));
                    case 2 -> 0xa0 + r.nextInt(0x500);
                    default -> 'a' + r.nextInt(26);
                };
                if (c == 0) {
                    c = 'z';
                }
                sb.appendCodePoint(c);
            }
            String s = sb.toString();
            String e = MtreeEscaping.escape(s);
            assertTrue(e.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '#' && c != '='), e);
            assertEquals(s, MtreeEscaping.unescape(e));
        }
        assertEquals("a\\040b\\043c\\075\\134", MtreeEscaping.escape("a b#c=\\"));
        assertEquals("caf\\303\\251", MtreeEscaping.escape("café"));
        assertEquals("a b\tc", MtreeEscaping.unescape("a\\sb\\tc"));
    }

    @Test
    void formatIsCanonicalAndParsesBack() {
        Metadata md = new Metadata();
        md.put(MetaEntry.of("/var/log/journal").withType(FileType.DIR).withMode(02755).withOwner(0L, "root")
                .withGroup(101L, "systemd-journal"));
        md.put(MetaEntry.of("/dev/console").withType(FileType.CHAR).withMode(0600).withDevice(5L, 1L));
        md.put(MetaEntry.of("/var/lock").withType(FileType.LINK).withLink("/run/lock"));
        md.put(MetaEntry.of("/var/a b").withType(FileType.FILE).withMode(04755)
                .withXattrs(new TreeMap<>(Map.of("user.x", "YmFy", "security.capability", "AQID"))));
        md.put(MetaEntry.of("/"));
        String text = MtreeFormat.format(md);
        assertEquals("#mtree\n"
                + ".\n"
                + "./dev/console type=char mode=0600 device=native,5,1\n"
                + "./var/a\\040b type=file mode=4755\n"
                + "#xattr ./var/a\\040b security.capability=AQID\n"
                + "#xattr ./var/a\\040b user.x=YmFy\n"
                + "./var/lock type=link link=/run/lock\n"
                + "./var/log/journal type=dir mode=2755 uid=0 gid=101 uname=root gname=systemd-journal\n", text);
        MtreeFormat.Parsed p = MtreeFormat.parse(text, "m");
        assertEquals(List.of(), p.problems());
        assertEquals(md, p.metadata());
        assertEquals(text, MtreeFormat.format(p.metadata()));
    }

    @Test
    void readsSetUnsetAndTheHierarchicalForm() {
        String text = "#mtree\n/set type=file uid=0 gid=0 mode=0644\n"
                + ". type=dir mode=0755\n"
                + "    etc type=dir\n"
                + "        passwd\n"
                + "        shadow mode=0640 gid=42 time=1.0 size=12\n"
                + "    ..\n"
                + "    usr type=dir\n"
                + "        bin type=dir\n"
                + "/unset mode\n"
                + "            sh type=link link=dash\n"
                + "        ..\n"
                + "    ..\n"
                + "./var/log/x type=file \\\n   mode=0600\n";
        MtreeFormat.Parsed p = MtreeFormat.parse(text, "h.mtree");
        assertEquals(List.of(), p.problems());
        Metadata md = p.metadata();
        assertEquals(0640, md.get("/etc/shadow").mode());
        assertEquals(42L, md.get("/etc/shadow").gid());
        assertEquals(0644, md.get("/etc/passwd").mode());
        assertEquals("dash", md.get("/usr/bin/sh").link());
        assertEquals(null, md.get("/usr/bin/sh").mode());
        assertEquals(0600, md.get("/var/log/x").mode());
        assertEquals(FileType.DIR, md.get("/").type());
    }

    @Test
    void everyBadLineIsReportedWithFileAndLine() {
        String text = "#mtree\n"
                + "./a type=file mode=0644\n"
                + "./b type=weird\n"
                + "./c mode=9\n"
                + "./d uid=-1\n"
                + "./e frobnicate=1\n"
                + "./f type=link\n"
                + "./g type=char mode=0600\n"
                + "./h mode\n"
                + "/bogus x=1\n"
                + "./i mode=17777\n"
                + "#xattr ./zz user.a=AA==\n"
                + "./j uname=a\\q\n";
        MtreeFormat.Parsed p = MtreeFormat.parse(text, "rootfs.mtree");
        List<String> where = p.problems().stream().map(Problem::where).toList();
        assertEquals(List.of("rootfs.mtree:3", "rootfs.mtree:4", "rootfs.mtree:5", "rootfs.mtree:6",
                "rootfs.mtree:7", "rootfs.mtree:8", "rootfs.mtree:9", "rootfs.mtree:10", "rootfs.mtree:11",
                "rootfs.mtree:12", "rootfs.mtree:13"), where);
        assertTrue(p.problems().stream().allMatch(Problem::isError));
        assertEquals("rootfs.mtree:3: unknown type 'weird'", p.problems().get(0).toString());
        assertEquals("rootfs.mtree:6: unknown keyword 'frobnicate'", p.problems().get(3).toString());
        assertEquals(1, p.metadata().size());
    }
}
