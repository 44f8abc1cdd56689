package dev.rootfs.presets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Random unit trees and presets from small pools of names, so rules, aliases and links collide. */
final class RandomPresets {
    private static final String[] UNITS = {"a.service", "b.service", "c.socket", "d.timer", "t@.service",
        "e.service"};
    private static final String[] TARGETS = {"multi-user.target", "sockets.target", "timers.target", "x.target"};
    private static final String U = "/usr/lib/systemd/system/";

    private RandomPresets() {
    }

    static PresetFixture draw(Random r) {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        if (r.nextBoolean()) {
            links.put("/lib", "usr/lib");
        }
        for (String u : UNITS) {
            if (r.nextInt(5) == 0) {
                continue;
            }
            StringBuilder sb = new StringBuilder("[Unit]\nDescription=" + u + "\n");
            sb.append(u.endsWith(".service") ? "[Service]\nExecStart=/bin/true\n" : "");
            if (r.nextInt(5) > 0) {
                sb.append("[Install]\n");
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    sb.append(key(r, u));
                }
            }
            files.put(U + u, sb.toString());
            if (r.nextInt(6) == 0) {
                files.put(U + u + ".d/" + (r.nextBoolean() ? "10-x.conf" : "install.conf"),
                        "[Install]\n" + key(r, u));
            }
            if (r.nextInt(8) == 0) {
                files.put("/etc/systemd/system/" + u + ".d/local.conf", "[Install]\n" + key(r, u));
            }
            if (r.nextInt(10) == 0) {
                links.put("/etc/systemd/system/" + u, "/dev/null");
            }
            if (r.nextInt(6) == 0) {
                links.put("/etc/systemd/system/" + TARGETS[r.nextInt(TARGETS.length)] + ".wants/" + u,
                        (r.nextBoolean() ? "/lib/systemd/system/" : U) + u);
            }
        }
        StringBuilder p = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String u = UNITS[r.nextInt(UNITS.length)];
            switch (r.nextInt(7)) {
                case 0, 1 -> p.append("enable ").append(u).append('\n');
                case 2, 3 -> p.append("disable ").append(u).append('\n');
                case 4 -> p.append("ignore ").append(u).append('\n');
                case 5 -> p.append(r.nextBoolean() ? "enable t@.service one two\n" : "disable *.socket\n");
                default -> p.append(r.nextBoolean() ? "disable *\n" : "enable *\n");
            }
        }
        files.put("/usr/lib/systemd/system-preset/50-test.preset", p.toString());
        if (r.nextInt(4) == 0) {
            files.put("/etc/systemd/system-preset/10-local.preset", "disable " + UNITS[r.nextInt(UNITS.length)] + "\n");
        }
        // systemctl goes through the unit directories in readdir order, so whether a unit that a rule disables but
        // an enabled unit names in Also= keeps its old links depends on the file system's order: no such links
        for (String v : files.values()) {
            for (String line : v.split("\n")) {
                if (line.startsWith("Also=")) {
                    String also = line.substring(5);
                    links.keySet().removeIf(k -> k.contains(".wants/") && k.endsWith("/" + also));
                }
            }
        }
        return new PresetFixture(files, links);
    }

    private static String key(Random r, String unit) {
        return switch (r.nextInt(9)) {
            case 0, 1, 2 -> "WantedBy=" + TARGETS[r.nextInt(TARGETS.length)] + "\n";
            case 3 -> "RequiredBy=" + TARGETS[r.nextInt(TARGETS.length)] + "\n";
            case 4 -> "UpheldBy=" + TARGETS[r.nextInt(TARGETS.length)] + "\n";
            case 5 -> "Alias=" + unit.replace(".", "-alias.") + "\n";
            case 6 -> "Also=" + UNITS[r.nextInt(UNITS.length)] + "\n";
            case 7 -> "DefaultInstance=inst\n";
            default -> "WantedBy=\n";
        };
    }
}
