package dev.rootfs.factory;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random /var as packages leave it: directories, files with binary content, symlinks (relative, absolute,
 * deep, dangling), fifos, device nodes that live only in the metadata, hidden and awkward names, setuid,
 * setgid and sticky modes, several owners. Owners are set on disk (the caller runs as root). Directory owners
 * follow systemd's safe-transition rule (below a non-root directory only its owner), which real boots need.
 */
final class RandomVarTree {
    static final long[] IDS = {0, 1000, 1001, 65534};
    private static final String[] PIECES = {"a", "b", "lib", "log", "cache", "x1", "-", "_", ".", "é", " ", "%",
        "'", "\"", "\\", "data", "conf", "*", "?", "[", "]", "{", "}", ","};
    private static final int[] DIR_MODES = {0755, 0700, 02775, 01777, 0750, 0711};
    private static final int[] FILE_MODES = {0644, 0600, 04755, 0640, 0444, 02755};

    private final Random rnd;
    private final TargetRoot root;
    private final Metadata md;
    private final boolean newlines;
    final List<String> dirs = new ArrayList<>();
    private int budget;

    private RandomVarTree(Random rnd, TargetRoot root, Metadata md, boolean newlines) {
        this.rnd = rnd;
        this.root = root;
        this.md = md;
        this.newlines = newlines;
    }

    /** Fills /var (which must exist) with 10 to 60 random nodes. */
    static RandomVarTree fill(long seed, TargetRoot root, Metadata md, boolean newlines) throws IOException {
        RandomVarTree t = new RandomVarTree(new Random(seed), root, md, newlines);
        t.budget = 10 + t.rnd.nextInt(50);
        t.dir("/var", 0, 0);
        return t;
    }

    private String name() {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        if (newlines && rnd.nextInt(15) == 0) {
            sb.append('\n').append('n');
        }
        if (rnd.nextInt(8) == 0) {
            sb.insert(0, '.');
        }
        String s = sb.toString();
        return s.equals(".") || s.equals("..") || s.equals("...") ? "dots" + s.length() : s;
    }

    private long id(long parentOwner) {
        return parentOwner != 0 ? parentOwner : IDS[rnd.nextInt(IDS.length)];
    }

    private void dir(String path, int depth, long owner) throws IOException {
        dirs.add(path);
        int children = depth > 3 ? 0 : 1 + rnd.nextInt(6);
        for (int i = 0; i < children && budget > 0; i++) {
            String child = TargetPaths.child(path, name());
            if (root.stat(child) != null || md.get(child) != null) {
                continue;
            }
            budget--;
            int kind = rnd.nextInt(10);
            if (kind < 3) {
                long uid = id(owner);
                root.mkdir(child, DIR_MODES[rnd.nextInt(DIR_MODES.length)]);
                root.chown(child, uid, IDS[rnd.nextInt(IDS.length)]);
                dir(child, depth + 1, uid);
                root.chmod(child, root.stat(child).mode()); // chown cleared setgid
            } else if (kind < 7) {
                byte[] content = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(3000)];
                rnd.nextBytes(content);
                root.write(child, content);
                root.chown(child, IDS[rnd.nextInt(IDS.length)], IDS[rnd.nextInt(IDS.length)]);
                root.chmod(child, FILE_MODES[rnd.nextInt(FILE_MODES.length)]);
            } else if (kind < 9) {
                String[] targets = {"../x", "/var/lib/y", "/run/lock", "dangling/target", "../../a b/%c",
                    "/usr/share/factory/var/z", "back\\slash", " lead", "trail ", "-"};
                root.symlink(child, targets[rnd.nextInt(targets.length)]);
                root.chown(child, IDS[rnd.nextInt(IDS.length)], IDS[rnd.nextInt(IDS.length)]);
            } else if (rnd.nextBoolean()) {
                root.mkfifo(child, 0620);
                root.chown(child, IDS[rnd.nextInt(IDS.length)], 0);
                root.chmod(child, 0620);
            } else {
                md.put(MetaEntry.of(child).withType(rnd.nextBoolean() ? FileType.CHAR : FileType.BLOCK)
                        .withMode(0660).withOwner(IDS[rnd.nextInt(IDS.length)], null).withGroup(6L, null)
                        .withDevice((long) 1 + rnd.nextInt(8), (long) rnd.nextInt(300)));
            }
        }
    }
}
