package dev.rootfs.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** C and C+ do not copy POSIX ACLs at boot: the factory conf sets the recorded ones with an a line. */
class FactoryConfAclTest {
    /** What setfacl -m g:4:r-x,d:g:4:r-x leaves on a 2755 directory (libacl's xattr encoding). */
    static final String ACCESS = "02000000" + "01000700ffffffff" + "04000500ffffffff" + "0800050004000000"
            + "10000500ffffffff" + "20000500ffffffff";
    static final String DEFAULT = "02000000" + "01000700ffffffff" + "04000500ffffffff" + "0800050004000000"
            + "10000500ffffffff" + "20000500ffffffff";

    @Test
    void aDirectoryWithAclsGetsAnALineSettingExactlyThem() {
        FactoryConf c = FactoryConf.build(entries(), "/usr/share/factory/var", 257, "", ForeignLines.none());
        assertTrue(c.text().contains("\na /var/log/journal - - - - u::rwx,g::r-x,g:4:r-x,m::r-x,o::r-x,"
                + "d:u::rwx,d:g::r-x,d:g:4:r-x,d:m::r-x,d:o::r-x\n"), c.text());
        assertEquals(List.of(), c.problems());
    }

    private static List<MetaEntry> entries() {
        TreeMap<String, String> x = new TreeMap<>(Map.of(
                "system.posix_acl_access", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(ACCESS)),
                "system.posix_acl_default", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(DEFAULT))));
        return List.of(
                dir("/usr/share/factory/var", 0755, 0),
                dir("/usr/share/factory/var/log", 0755, 0),
                dir("/usr/share/factory/var/log/journal", 02755, 101).withXattrs(x));
    }

    private static MetaEntry dir(String path, int mode, long gid) {
        return new MetaEntry(path, FileType.DIR, mode, 0L, gid, null, null, null, null, null, null, null);
    }
}
