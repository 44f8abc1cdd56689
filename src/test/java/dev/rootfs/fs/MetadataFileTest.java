package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataFileTest {
    @TempDir
    Path tmp;

    @Test
    void concurrentReadModifyWriteLosesNothing() throws Exception {
        Path file = tmp.resolve("target/rootfs.mtree");
        int threads = 4;
        int perThread = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    try (MetadataFile mf = MetadataFile.open(file)) {
                        Metadata md = mf.read().metadata();
                        md.put(MetaEntry.of("/t" + id + "/e" + i).withMode(0600));
                        Thread.yield();
                        mf.write(md);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        try (MetadataFile mf = MetadataFile.open(file)) {
            MtreeFormat.Parsed p = mf.read();
            assertEquals(List.of(), p.problems());
            assertEquals(threads * perThread, p.metadata().size());
        }
        assertFalse(Files.exists(tmp.resolve("target/.rootfs.mtree.tmp")));
    }

    @Test
    void sameContentGivesTheSameBytes() throws Exception {
        Path a = tmp.resolve("a.mtree");
        Path b = tmp.resolve("b.mtree");
        Metadata m1 = new Metadata();
        Metadata m2 = new Metadata();
        List<String> paths = List.of("/var/z", "/var/a", "/etc", "/var/a/b", "/var/a-b");
        for (int i = 0; i < paths.size(); i++) {
            m1.put(MetaEntry.of(paths.get(i)).withOwner((long) i, null));
            m2.put(MetaEntry.of(paths.get(paths.size() - 1 - i)).withOwner((long) (paths.size() - 1 - i), null));
        }
        try (MetadataFile fa = MetadataFile.open(a); MetadataFile fb = MetadataFile.open(b)) {
            fa.write(m1);
            fb.write(m2);
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}
