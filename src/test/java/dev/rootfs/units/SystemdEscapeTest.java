package dev.rootfs.units;

import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SystemdEscapeTest {
    static final int RANDOM_PATHS = 2000;

    @Test
    void knownNames() {
        assertEquals("-", SystemdEscape.escapePath("/"));
        assertEquals("var", SystemdEscape.escapePath("/var"));
        assertEquals("var-lib", SystemdEscape.escapePath("//var//lib/./"));
        assertEquals("\\x2edot-.x", SystemdEscape.escapePath("/.dot/.x"));
        assertEquals("a\\x20b-\\xc3\\xa7\\x2dd\\x5ce", SystemdEscape.escapePath("/a b/ç-d\\e"));
        assertEquals("run-rootfs\\x2doverlay-var-storage.mount",
                SystemdEscape.mountUnit("/run/rootfs-overlay/var/storage"));
        assertEquals("dev-disk-by\\x2dlabel-data.device", SystemdEscape.deviceUnit("/dev/disk/by-label/data"));
    }

    @Test
    void refusesWhatSystemdRefuses() {
        assertThrows(IllegalArgumentException.class, () -> SystemdEscape.escapePath("var"));
        assertThrows(IllegalArgumentException.class, () -> SystemdEscape.escapePath("/var/../x"));
        assertThrows(IllegalArgumentException.class, () -> SystemdEscape.escapePath("/a/.."));
    }

    /** The real systemd-escape --path on random paths; fed through xargs -0 so no locale mangles bytes. */
    @Test
    void matchesSystemdEscapeOnRandomPaths() throws Exception {
        HostTools.require("systemd-escape", "systemd");
        HostTools.require("xargs", "findutils");
        List<String> paths = randomPaths(new Random(20250101L), RANDOM_PATHS);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (String p : paths) {
            in.write(p.getBytes(StandardCharsets.UTF_8));
            in.write(0);
        }
        Processes.Run r = Processes.run(List.of("xargs", "-0", "systemd-escape", "--path", "--"), in.toByteArray());
        assertEquals(0, r.exitCode(), r.output());
        // systemd-escape prints one invocation's results space-separated (escaped names hold no spaces)
        String[] lines = r.output().trim().split("\\s+");
        assertEquals(paths.size(), lines.length, "one line per path");
        int mismatches = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            String mine = SystemdEscape.escapePath(paths.get(i));
            if (!mine.equals(lines[i])) {
                if (mismatches++ < 5) {
                    first.append("\n  ").append(paths.get(i)).append(" -> systemd ").append(lines[i])
                            .append(", ours ").append(mine);
                }
            }
        }
        assertEquals(0, mismatches, "differences from systemd-escape:" + first);
        System.out.println("systemd-escape --path agreed on " + paths.size() + " random paths");
    }

    @Test
    void dotDotIsRejectedByBoth() throws Exception {
        HostTools.require("systemd-escape", "systemd");
        for (String p : List.of("/var/../x", "/a/..", "/../b")) {
            Processes.Run r = Processes.run(List.of("systemd-escape", "--path", "--", p), new byte[0]);
            assertTrue(r.exitCode() != 0, p + ": " + r.output());
            assertThrows(IllegalArgumentException.class, () -> SystemdEscape.escapePath(p));
        }
    }

    static List<String> randomPaths(Random rnd, int n) {
        String[] pieces = {"a", "Z", "0", "9", ".", "-", " ", "_", ":", "\\", "é", "ü", "中", "😀", "%", "\"", "'",
                "\t", "!", "@", "~", "+", "=", ",", "#", "$", "*", "?", "[", "ÿ", "\u00a0", "x", "var", "lib", "-x"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int comps = 1 + rnd.nextInt(5);
            for (int c = 0; c < comps; c++) {
                sb.append(rnd.nextInt(15) == 0 ? "//" : "/");
                if (rnd.nextInt(12) == 0) {
                    sb.append("./");
                }
                StringBuilder name = new StringBuilder(rnd.nextInt(4) == 0 ? "." : "");
                int len = 1 + rnd.nextInt(6);
                for (int k = 0; k < len; k++) {
                    name.append(pieces[rnd.nextInt(pieces.length)]);
                }
                String s = name.toString();
                sb.append(s.equals(".") || s.equals("..") ? s + "x" : s);
            }
            if (rnd.nextInt(10) == 0) {
                sb.append('/');
            }
            out.add(sb.toString());
        }
        return out;
    }
}
