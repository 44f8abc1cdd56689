package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataTest {
    private static Metadata sample() {
        Metadata md = new Metadata();
        for (String p : List.of("/var", "/var/lib", "/var/lib/app", "/var/lib/app/db", "/var/lib-x", "/var/log",
                "/usr/share/factory")) {
            md.put(MetaEntry.of(p).withMode(0700));
        }
        return md;
    }

    @Test
    void entriesAreInTreeOrder() {
        assertEquals(List.of("/usr/share/factory", "/var", "/var/lib", "/var/lib/app", "/var/lib/app/db",
                "/var/lib-x", "/var/log"), sample().entries().stream().map(MetaEntry::path).toList());
    }

    @Test
    void moveTreeRekeysTheSubtreeOnly() {
        Metadata md = sample();
        assertEquals(3, md.moveTree("/var/lib", "/usr/share/factory/var/lib"));
        assertNull(md.get("/var/lib/app"));
        assertEquals(0700, md.get("/usr/share/factory/var/lib/app/db").mode());
        assertEquals(0700, md.get("/var/lib-x").mode());
        md.put(MetaEntry.of("/srv/app"));
        assertThrows(IllegalStateException.class, () -> md.moveTree("/usr/share/factory/var/lib", "/srv"));
        assertEquals(0700, md.get("/usr/share/factory/var/lib/app").mode(), "a refused move changes nothing");
    }

    @Test
    void removeTreeAndMerge() {
        Metadata md = sample();
        assertEquals(3, md.removeTree("/var/lib"));
        assertEquals(4, md.size());
        assertEquals(0700, md.get("/var/lib-x").mode());
        md.merge(MetaEntry.of("/var/log").withOwner(0L, "root"));
        assertEquals(0700, md.get("/var/log").mode());
        assertEquals(0L, md.get("/var/log").uid());
        md.put(MetaEntry.of("/var//log/../log/"));
        assertNull(md.get("/var/log").mode(), "paths are normalised");
    }
}
