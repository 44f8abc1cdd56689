package dev.rootfs.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.Ownership;
import dev.rootfs.report.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveServiceTest {
    @TempDir
    Path tmp;

    static ArchiveService.Request request(SampleRoot s, Path out, ArchiveFormat f, Compression c) {
        return new ArchiveService.Request(s.root, s.metadata, out, f, c, 1_600_000_000L, null, null, null, null,
                Ownership.NEVER, true);
    }

    @Test
    void explore() throws Exception {
        SampleRoot s = SampleRoot.create(tmp);
        Path out = tmp.resolve("out/rootfs.tar");
        new ArchiveService().run(request(s, out, ArchiveFormat.TAR, Compression.NONE), Log.SILENT);
        System.out.println(Tools.run(tmp, "tar", "--xattrs", "--xattrs-include=*", "-tvvf", out.toString()));
        System.out.println(Tools.run(tmp, "bsdtar", "-tvf", out.toString()));
    }
}
