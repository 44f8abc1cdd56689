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
    void pathOrderIsComponentWiseAndByCodePoint() {
        java.util.Random r = new java.util.Random(11);
        String[] parts = {"a", "b", "a-b", "a.b", "é", "\uD83D\uDE00", "\uFFFD", "z", "A", " "};
        for (int i = 0; i < 20000; i++) {
            String x = path(r, parts);
            String y = path(r, parts);
            assertEquals(Integer.signum(reference(x, y)), Integer.signum(TargetPaths.compare(x, y)), x + " vs " + y);
        }
    }

    private static String path(java.util.Random r, String[] parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            sb.append('/').append(parts[r.nextInt(parts.length)]).append(r.nextBoolean() ? parts[r.nextInt(parts.length)] : "");
        }
        return sb.toString();
    }

    /** Split into components and compare their UTF-8 bytes, the definition of the order. */
    private static int reference(String x, String y) {
        String[] a = x.substring(1).split("/");
        String[] b = y.substring(1).split("/");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = java.util.Arrays.compareUnsigned(a[i].getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
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
