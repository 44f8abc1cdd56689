package dev.rootfs.tmpfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random tmpfiles.d configurations and fixture roots from a seed: types with modifiers, modes with prefixes,
 * owners from /etc and /usr/lib passwd, unknown names, duplicates, shuffled order, pre-existing nodes of the
 * wrong type. Kept within what the real tool does without reaching outside its root (§14.2): symlink targets
 * that are absolute sit only on leaf paths that nothing is created under, and nothing writes through them.
 */
final class RandomConfigs {
    static final String[] DIRS = {"/var/t/a", "/var/t/a/b", "/var/t/a/b/c", "/var/t/d", "/var/t/d/e", "/var/t/s"};
    static final String[] FILES = {"/var/t/a/f", "/var/t/a/b/g", "/var/t/d/h", "/var/t/k"};
    static final String[] LEAF_LINKS = {"/var/t/l1", "/var/t/a/l2"};
    // setuid, setgid and sticky bits for every type: systemd keeps them on fifos and devices too
    static final String[] MODES = {"-", "-", "0755", "0700", "2775", "0644", "~0775", ":0711", "4755", "1777", "0", "6711",
        "3755"};
    static final String[] USERS = {"-", "-", "root", "onlyinroot", "svc", "1234", ":svc", "late", "0"};
    static final String[] GROUPS = {"-", "-", "root", "onlyinroot", "shared", ":shared", "950"};
    static final String[] CONTENT = {"-", "hello", "a\\nb", "x y  z", "\"q\"", "%m", "%%", "%o-%w", "\\x41\\102"};
    // relative only: globs and e follow symlinks on the host in the real tool (§9 b, deliberate difference)
    static final String[] LINK_TARGETS = {"../d", "b", "missing", "a/b", "../t/a", "f"};

    private RandomConfigs() {
    }

    static String config(Random r) {
        int n = 3 + r.nextInt(12);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(line(r));
            if (r.nextInt(8) == 0 && !lines.isEmpty()) {
                lines.add(lines.get(r.nextInt(lines.size()))); // an exact duplicate
            }
        }
        java.util.Collections.shuffle(lines, r);
        return String.join("\n", lines) + "\n";
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    static String line(Random r) {
        String mode = pick(r, MODES);
        String user = pick(r, USERS);
        String group = pick(r, GROUPS);
        String path = r.nextBoolean() ? pick(r, DIRS) : pick(r, FILES);
        String mod = r.nextInt(6) == 0 ? pick(r, new String[] {"-", "=", "!", "-!"}) : "";
        switch (r.nextInt(16)) {
            case 0, 1:
                return "d" + mod + " " + path + " " + mode + " " + user + " " + group;
            case 2:
                return pick(r, new String[] {"D", "v", "q"}) + mod + " " + path + " " + mode + " " + user + " " + group;
            case 3, 4:
                return "f" + mod + " " + path + " " + mode + " " + user + " " + group + " - " + pick(r, CONTENT);
            case 5:
                return pick(r, new String[] {"F", "f+"}) + " " + path + " " + mode + " " + user + " " + group + " - "
                        + pick(r, CONTENT);
            case 6:
                return pick(r, new String[] {"w", "w+"}) + " " + path + " " + mode + " - - - "
                        + pick(r, new String[] {"ab", "longer text", "x"});
            case 7: {
                String lp = pick(r, LEAF_LINKS);
                String t = pick(r, LINK_TARGETS);
                return pick(r, new String[] {"L", "L+"}) + " " + lp + " - " + user + " " + group + " - "
                        + (r.nextInt(4) == 0 ? "-" : t);
            }
            case 8:
                return pick(r, new String[] {"C", "C+"}) + " " + pick(r, new String[] {"/var/t/a", "/var/t/d", "/var/t/s"})
                        + " " + mode + " " + user + " " + group + " - "
                        + pick(r, new String[] {"-", "-", "/usr/share/factory/var/t/a", "/usr/share/factory/missing"});
            case 9, 10:
                return pick(r, new String[] {"z", "Z", "m"}) + " " + pick(r, new String[] {path, "/var/t/*", "/var/t/a/*",
                        "/var/t/{a,d}", "/var/t/l1"}) + " " + mode + " " + user + " " + group;
            case 11:
                // no glob here: e on several matches runs in readdir order in the real tool, and an owner it sets on
                // one match decides whether the next one's symlink is a safe path transition
                return "e " + path + " " + mode + " " + user + " " + group + " "
                        + pick(r, new String[] {"-", "10d", "1h30min"});
            case 12:
                return "p" + pick(r, new String[] {"", "+"}) + " " + path + " " + mode + " " + user + " " + group;
            case 13:
                return pick(r, new String[] {"x", "r", "R", "X"}) + " " + path;
            case 14:
                return "c" + pick(r, new String[] {"", "+"}) + " /var/t/dev" + r.nextInt(2) + " " + mode + " " + user
                        + " " + group + " - 1:" + r.nextInt(4);
            default:
                return pick(r, new String[] {"d", "f"}) + " " + path + " " + mode + " nosuchuser";
        }
    }

    /** Pre-existing nodes: sometimes the wrong type where a line wants something else. */
    static void fixture(Random r, Path root) throws IOException {
        Path f = root.resolve("usr/share/factory/var/t/a");
        Files.createDirectories(f.resolve("sub"));
        Files.writeString(f.resolve("f"), "factory file\n");
        Files.writeString(f.resolve("sub/g"), "nested\n");
        Files.createSymbolicLink(f.resolve("link"), Path.of("f"));
        Files.createLink(f.resolve("hard"), f.resolve("f"));
        Files.createDirectories(root.resolve("usr/share/factory/var/t/d"));
        Files.createDirectories(root.resolve("var/t"));
        long seed = r.nextLong();
        Random fr = new Random(seed);
        if (fr.nextInt(3) == 0) {
            Files.writeString(root.resolve("var/t/k"), "0123456789");
        }
        if (fr.nextInt(4) == 0) {
            Files.createDirectories(root.resolve("var/t/d"));
            Files.writeString(root.resolve("var/t/d/h"), "existing");
        }
        if (fr.nextInt(5) == 0) {
            Files.writeString(root.resolve("var/t/s"), "a file where a dir may go");
        }
        if (fr.nextInt(5) == 0) {
            Files.createDirectories(root.resolve("var/t/a"));
            Files.createSymbolicLink(root.resolve("var/t/a/b"), Path.of("../d"));
        }
    }
}
