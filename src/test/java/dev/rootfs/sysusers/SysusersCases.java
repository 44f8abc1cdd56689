package dev.rootfs.sysusers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Named sysusers.d cases: every line form on its own, and the sysusers.d files of Debian 12 and 13 roots. */
final class SysusersCases {
    static final Path CORPUS = Path.of("src/test/resources/sysusers-corpus");
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
    private static final String GROUP = "root:x:0:\ndaemon:x:1:\nadm:x:4:\n";

    private SysusersCases() {
    }

    private static SysusersFixture withEtc(String conf) {
        return new SysusersFixture(Map.of("/etc/passwd", PASSWD, "/etc/group", GROUP, "/etc/shadow",
                "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", "/etc/gshadow", "root:*::\ndaemon:*::\n"),
                Map.of("/etc/shadow", 0640, "/etc/gshadow", 0640),
                Map.of("/usr/lib/sysusers.d/test.conf", conf), Map.of());
    }

    static Map<String, SysusersFixture> all() {
        Map<String, SysusersFixture> c = new LinkedHashMap<>();
        c.put("u-dynamic", withEtc("u svc -\n"));
        c.put("u-uid", withEtc("u svc 555\n"));
        c.put("u-uid-taken", withEtc("u svc 1\n"));
        c.put("u-uid-gid", withEtc("u svc 556:4\n"));
        c.put("u-uid-gid-missing", withEtc("u svc 556:77\n"));
        c.put("u-uid-group-name", withEtc("u svc 557:adm\n"));
        c.put("u-dash-gid", withEtc("u svc -:4\n"));
        c.put("u-path", new SysusersFixture(Map.of("/etc/passwd", PASSWD, "/etc/group", GROUP), Map.of(),
                Map.of("/usr/lib/sysusers.d/test.conf", "u svc /srv/data\n"), Map.of("/srv/data", new long[] {700, 701})));
        c.put("u-gecos-home-shell", withEtc("u svc - \"Service account\" /var/lib/svc/ /bin/sh\n"));
        c.put("u-locked", withEtc("u! svc -\n"));
        c.put("u-existing", withEtc("u daemon 5 \"Other\"\n"));
        c.put("u-root-new", SysusersFixture.of("u root 0 \"Super User\" /root\n"));
        c.put("g-dynamic", withEtc("g grp -\n"));
        c.put("g-gid", withEtc("g grp 600\n"));
        c.put("g-gid-taken", withEtc("g grp 4\n"));
        c.put("g-path", new SysusersFixture(Map.of("/etc/passwd", PASSWD, "/etc/group", GROUP), Map.of(),
                Map.of("/usr/lib/sysusers.d/test.conf", "g grp /srv/data\n"), Map.of("/srv/data", new long[] {700, 702})));
        c.put("g-then-u", withEtc("g svc 610\nu svc -\n"));
        c.put("m-existing", withEtc("m daemon adm\n"));
        c.put("m-implicit", withEtc("m newuser newgroup\n"));
        c.put("m-sorted-members", withEtc("m zed adm\nm amy adm\n"));
        c.put("r-range", withEtc("r - 500-502\nu a\nu b\nu c\nu d\n"));
        c.put("r-single", withEtc("r - 777\nu a\n"));
        c.put("quoting", withEtc("u 'svc' - \"A \\\"quoted\\\" name\" \"/srv/with space\"\n"));
        c.put("specifiers", new SysusersFixture(Map.of("/etc/passwd", PASSWD, "/etc/group", GROUP,
                "/etc/machine-id", "0123456789abcdef0123456789abcdef\n", "/etc/os-release", "ID=debian\nVERSION_ID=12\n"),
                Map.of(), Map.of("/usr/lib/sysusers.d/test.conf", "u svc - \"%o %w %m %%\" /var/lib/%o\n"), Map.of()));
        c.put("duplicate-lines", withEtc("u svc 601\nu svc 601\nu svc 602\ng svc 603\n"));
        c.put("masking", new SysusersFixture(Map.of("/etc/passwd", PASSWD, "/etc/group", GROUP), Map.of(),
                Map.of("/usr/lib/sysusers.d/a.conf", "u masked -\n", "/etc/sysusers.d/a.conf", "u winner -\n",
                        "/usr/lib/sysusers.d/b.conf", "u second -\n", "/etc/sysusers.d/c.txt", "u ignored -\n"),
                Map.of()));
        c.put("nis-entries", new SysusersFixture(Map.of("/etc/passwd", PASSWD + "+\n", "/etc/group", GROUP + "+\n"),
                Map.of("/etc/passwd", 0600), Map.of("/usr/lib/sysusers.d/test.conf", "u svc -\n"), Map.of()));
        c.put("comments-dropped", new SysusersFixture(Map.of("/etc/passwd", "# local accounts\n" + PASSWD + "\n",
                "/etc/group", GROUP), Map.of(), Map.of("/usr/lib/sysusers.d/test.conf", "u svc -\n"), Map.of()));
        c.put("stale-shadow", new SysusersFixture(Map.of("/etc/passwd", PASSWD, "/etc/group", GROUP, "/etc/shadow",
                "svc:$6$old:18000:0:99999:7:::\n"), Map.of("/etc/shadow", 0), Map.of("/usr/lib/sysusers.d/test.conf",
                "u svc -\n"), Map.of()));
        c.put("invalid-lines", withEtc("x svc\nu 0bad\nu svc 12abc\ng grp - extra\nm svc\nr svc 1-2\nu ok -\n"));
        c.put("no-free-id", withEtc("r - 4\ng grp -\nu ok 800\n"));
        c.put("debian12", corpus("bookworm"));
        c.put("debian13", corpus("trixie"));
        return c;
    }

    /** A root as debootstrap leaves it (base-passwd's master files) with the packages' sysusers.d files. */
    private static SysusersFixture corpus(String suite) {
        try {
            Map<String, String> confs = new TreeMap<>();
            try (var s = Files.list(CORPUS.resolve(suite))) {
                for (Path p : s.sorted().toList()) {
                    confs.put("/usr/lib/sysusers.d/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
                }
            }
            return new SysusersFixture(Map.of("/etc/passwd", Files.readString(CORPUS.resolve("passwd.master")),
                    "/etc/group", Files.readString(CORPUS.resolve("group.master"))), Map.of(), confs, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
