package dev.rootfs.sysusers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random sysusers.d cases: a few names and ids drawn from small pools, so that lines and entries collide. */
final class RandomSysusers {
    private static final String[] NAMES = {"alpha", "beta", "gamma", "delta", "eps", "root", "daemon", "www-data"};
    private static final long[] IDS = {0, 1, 2, 33, 100, 500, 501, 900, 990, 995, 996, 997, 998, 999, 1000, 65534};

    private RandomSysusers() {
    }

    static SysusersFixture draw(Random r) {
        Map<String, String> etc = new LinkedHashMap<>();
        Map<String, Integer> modes = new LinkedHashMap<>();
        if (r.nextInt(3) > 0) {
            StringBuilder p = new StringBuilder();
            StringBuilder g = new StringBuilder();
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(4);
            List<String> used = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = pick(r, NAMES);
                if (used.contains(name)) {
                    continue;
                }
                used.add(name);
                long id = IDS[r.nextInt(IDS.length)];
                if (r.nextInt(4) > 0) {
                    p.append(name).append(":x:").append(id).append(':').append(r.nextBoolean() ? id : 0)
                            .append(":").append(name).append(":/:/bin/sh\n");
                    s.append(name).append(":*:19000:0:99999:7:::\n");
                }
                if (r.nextInt(4) > 0) {
                    g.append(name).append(":x:").append(r.nextBoolean() ? id : IDS[r.nextInt(IDS.length)]).append(':')
                            .append(r.nextBoolean() ? "" : pick(r, NAMES)).append('\n');
                }
                if (r.nextInt(6) == 0) {
                    p.append("# a comment\n");
                }
            }
            if (r.nextInt(8) == 0) {
                p.append("+nis\n");
            }
            etc.put("/etc/passwd", p.toString());
            etc.put("/etc/group", g.toString());
            if (r.nextBoolean()) {
                etc.put("/etc/shadow", s.toString());
                modes.put("/etc/shadow", r.nextBoolean() ? 0640 : 0);
            }
            if (r.nextBoolean()) {
                etc.put("/etc/gshadow", "");
                modes.put("/etc/gshadow", 0640);
            }
            if (r.nextInt(4) == 0) {
                modes.put("/etc/passwd", 0600);
            }
        }
        Map<String, String> confs = new LinkedHashMap<>();
        Map<String, long[]> owned = new LinkedHashMap<>();
        int files = 1 + r.nextInt(2);
        for (int f = 0; f < files; f++) {
            StringBuilder c = new StringBuilder();
            int lines = 1 + r.nextInt(7);
            for (int i = 0; i < lines; i++) {
                c.append(line(r, owned)).append('\n');
            }
            confs.put((f == 0 || r.nextBoolean() ? "/usr/lib/sysusers.d/" : "/etc/sysusers.d/") + (char) ('a' + f)
                    + ".conf", c.toString());
        }
        return new SysusersFixture(etc, modes, confs, owned);
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String id(Random r) {
        return Long.toString(IDS[r.nextInt(IDS.length)]);
    }

    private static String line(Random r, Map<String, long[]> owned) {
        String name = pick(r, NAMES);
        switch (r.nextInt(12)) {
            case 0, 1, 2: {
                String id = switch (r.nextInt(7)) {
                    case 0 -> "-";
                    case 1, 2 -> id(r);
                    case 3 -> id(r) + ":" + id(r);
                    case 4 -> id(r) + ":" + pick(r, NAMES);
                    case 5 -> "-:" + id(r);
                    default -> {
                        String path = "/srv/o" + r.nextInt(3);
                        owned.put(path, new long[] {IDS[r.nextInt(IDS.length)], IDS[r.nextInt(IDS.length)]});
                        yield path;
                    }
                };
                String rest = switch (r.nextInt(5)) {
                    case 0 -> "";
                    case 1 -> " \"A user\"";
                    case 2 -> " - /var/lib/" + name;
                    case 3 -> " \"G\" /home/x /bin/bash";
                    default -> " - - -";
                };
                return (r.nextInt(6) == 0 ? "u! " : "u ") + name + " " + id + rest;
            }
            case 3, 4:
                return "g " + name + " " + (r.nextBoolean() ? "-" : r.nextInt(3) == 0 ? "/srv/o0" : id(r));
            case 5, 6:
                return "m " + name + " " + pick(r, NAMES);
            case 7: {
                long a = 900 + r.nextInt(100);
                return "r - " + (r.nextBoolean() ? a + "-" + (a + r.nextInt(20)) : Long.toString(a));
            }
            case 8:
                return "# comment";
            case 9:
                return switch (r.nextInt(5)) {
                    case 0 -> "x " + name;
                    case 1 -> "u 0bad";
                    case 2 -> "g " + name + " - extra";
                    case 3 -> "m " + name;
                    default -> "u " + name + " 12abc";
                };
            default:
                return "u " + name;
        }
    }
}
