package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extended attributes on disk count in the listing under the owners' rule, and a record's win. */
class DiskXattrsTest {

    @Test
    void aclsAndUserAttributesOnDiskCountWhereTheDisksOwnersDoAndARecordWins(@TempDir Path tmp) throws Exception {
        HostTools.require("setfacl", "acl");
        HostTools.require("getfattr", "attr");
        Path r = tmp.resolve("root");
        Files.createDirectories(r.resolve("var/log/journal"));
        Files.createDirectories(r.resolve("a dir/ünï"));
        Files.writeString(r.resolve("a dir/ünï/file"), "x");
        Files.writeString(r.resolve("recorded"), "y");
        Files.writeString(r.resolve("etc-passwd"), "");
        Processes.command("setfacl", "-m", "g:4:r-x,d:g:4:r-x", r.resolve("var/log/journal").toString()).runOk();
        Processes.command("setfattr", "-n", "user.note", "-v", "on disk", r.resolve("a dir/ünï/file").toString())
                .runOk();
        Processes.command("setfattr", "-n", "user.note", "-v", "on disk", r.resolve("recorded").toString()).runOk();
        TargetRoot root = TargetRoot.open(r);
        Metadata md = new Metadata();
        String recorded = Base64.getEncoder().encodeToString("recorded".getBytes(StandardCharsets.UTF_8));
        md.put(MetaEntry.of("/recorded").withType(FileType.FILE).withXattrs(new TreeMap<>(Map.of("user.note",
                recorded))));

        Map<String, Map<String, String>> withDisk = xattrs(root, md, true);
        assertEquals(Base64.getEncoder().encodeToString("on disk".getBytes(StandardCharsets.UTF_8)),
                withDisk.get("/a dir/ünï/file").get("user.note"));
        assertEquals(List.of("system.posix_acl_access", "system.posix_acl_default"),
                List.copyOf(withDisk.get("/var/log/journal").keySet()));
        assertEquals(Map.of("user.note", recorded), withDisk.get("/recorded"), "the record wins over the disk");

        Map<String, Map<String, String>> recordOnly = xattrs(root, md, false);
        assertEquals(Map.of("/recorded", Map.of("user.note", recorded)), recordOnly,
                "without the disk's owners only the records count");
    }

    private static Map<String, Map<String, String>> xattrs(TargetRoot root, Metadata md, boolean diskOwners)
            throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        List<MetaEntry> entries = new ArrayList<>();
        Listing.generate(root, md, UserDb.empty(), new Listing.Options(false, diskOwners), entries::add);
        for (MetaEntry e : entries) {
            if (!e.xattrs().isEmpty()) {
                out.put(e.path(), e.xattrs());
            }
        }
        return out;
    }
}
