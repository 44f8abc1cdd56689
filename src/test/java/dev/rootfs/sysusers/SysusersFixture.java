package dev.rootfs.sysusers;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.Ownership;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One sysusers.d case: the account files a root starts with (content and mode), its sysusers.d files and the
 * owners of paths that {@code u NAME /path} lines take ids from. Runs the real systemd-sysusers or our goal on a
 * fresh copy and renders the result (the account files, their backups and the lock file, with modes) as text.
 */
record SysusersFixture(Map<String, String> etc, Map<String, Integer> modes, Map<String, String> confs,
        Map<String, long[]> owned) {
    /** Day 1000 after 1970: what SOURCE_DATE_EPOCH gives the real tool and the output timestamp gives ours. */
    static final long EPOCH = 86400L * 1000;
    static final List<String> RESULT_FILES = List.of("/etc/passwd", "/etc/passwd-", "/etc/group", "/etc/group-",
            "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/.pwd.lock");

    static SysusersFixture of(String conf) {
        return new SysusersFixture(Map.of(), Map.of(), Map.of("/usr/lib/sysusers.d/test.conf", conf), Map.of());
    }

    /** The real tool's command for a version: the host's 252 or the unpacked 257. */
    static List<String> tool(int version) {
        if (version == 252) {
            return List.of("systemd-sysusers");
        }
        String dir = System.getenv().getOrDefault("SYSTEMD_257_DIR", "/opt/systemd-257");
        return List.of(dir + "/usr/lib64/ld-linux-x86-64.so.2", "--library-path", dir + "/usr/lib/x86_64-linux-gnu:"
                + dir + "/usr/lib/x86_64-linux-gnu/systemd:/lib/x86_64-linux-gnu", dir + "/usr/bin/systemd-sysusers");
    }

    static boolean toolPresent(int version) {
        if (version == 252) {
            return dev.rootfs.testing.HostTools.onPath("systemd-sysusers");
        }
        return Files.isExecutable(Path.of(tool(257).get(3)));
    }

    private void populate(Path root, boolean real) throws IOException {
        for (Map.Entry<String, String> e : etc.entrySet()) {
            write(root, e.getKey(), e.getValue());
            if (real) {
                Files.setPosixFilePermissions(root.resolve(e.getKey().substring(1)),
                        perms(modes.getOrDefault(e.getKey(), 0644)));
            }
        }
        for (Map.Entry<String, String> e : confs.entrySet()) {
            write(root, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, long[]> e : owned.entrySet()) {
            Path p = root.resolve(e.getKey().substring(1));
            Files.createDirectories(p);
            if (real) {
                Files.setAttribute(p, "unix:uid", (int) e.getValue()[0]);
                Files.setAttribute(p, "unix:gid", (int) e.getValue()[1]);
            }
        }
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                s.add(all[i]);
            }
        }
        return s;
    }

    /** Runs the real tool (as root) in {@code root} and renders the result. */
    String runTool(int version, Path root) throws IOException, InterruptedException {
        populate(root, true);
        List<String> argv = new ArrayList<>(tool(version));
        argv.add("--root=" + root);
        Processes.command(argv).env("SOURCE_DATE_EPOCH", Long.toString(EPOCH)).run();
        Map<String, Integer> m = new TreeMap<>();
        for (String f : RESULT_FILES) {
            Path p = root.resolve(f.substring(1));
            if (Files.exists(p)) {
                m.put(f, (Integer) Files.getAttribute(p, "unix:mode") & 07777);
            }
        }
        return render(root, m);
    }

    /** Runs our goal on {@code root} with failOnError off (systemd's behaviour) and renders the result. */
    String runOurs(int version, Path root, Path work) throws IOException {
        populate(root, false);
        Path metadata = work.resolve("rootfs.mtree");
        StringBuilder md = new StringBuilder(MtreeFormat.HEADER).append('\n');
        TreeMap<String, MetaEntry> entries = new TreeMap<>();
        for (Map.Entry<String, String> e : etc.entrySet()) {
            entries.put(e.getKey(), MetaEntry.of(e.getKey()).withType(FileType.FILE)
                    .withMode(modes.getOrDefault(e.getKey(), 0644)).withOwner(0L, "root").withGroup(0L, "root"));
        }
        for (Map.Entry<String, long[]> e : owned.entrySet()) {
            entries.put(e.getKey(), MetaEntry.of(e.getKey()).withType(FileType.DIR).withMode(0755)
                    .withOwner(e.getValue()[0], null).withGroup(e.getValue()[1], null));
        }
        entries.values().forEach(e -> md.append(MtreeFormat.format(e)).append('\n'));
        Files.writeString(metadata, md.toString(), StandardCharsets.UTF_8);
        GoalContext ctx = GoalContext.of(root, metadata).withFailOnError(false).withOwnership(Ownership.NEVER);
        try {
            GoalFrame.run(ctx, new CreateUsersService(CreateUsersService.Options.defaults().withVersion(version)
                    .withLastChange(Instant.ofEpochSecond(EPOCH))));
        } catch (ProblemsException e) {
            // an id that cannot be had fails the run after writing, as the real tool exits non-zero
            if (Boolean.getBoolean("sysusers.debug")) {
                System.out.println("ours: " + e.getMessage() + " " + e.problems());
            }
        }
        Map<String, Integer> m = new TreeMap<>();
        var parsed = MtreeFormat.parse(Files.readString(metadata, StandardCharsets.UTF_8), "rootfs.mtree");
        for (String f : RESULT_FILES) {
            if (Files.exists(root.resolve(f.substring(1)))) {
                MetaEntry e = parsed.metadata().get(f);
                m.put(f, e == null || e.mode() == null ? -1 : e.mode());
            }
        }
        return render(root, m);
    }

    private static String render(Path root, Map<String, Integer> modes) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String f : RESULT_FILES) {
            Integer mode = modes.get(f);
            if (mode == null) {
                continue;
            }
            sb.append("== ").append(f).append(" mode=").append(MtreeFormat.octal(mode)).append('\n');
            sb.append(Files.readString(root.resolve(f.substring(1)), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** The case as text, for failure messages and the golden files' heads. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(etc).forEach((k, v) -> sb.append("# ").append(k).append(" mode=")
                .append(Integer.toOctalString(modes.getOrDefault(k, 0644))).append('\n').append(v));
        new TreeMap<>(confs).forEach((k, v) -> sb.append("# ").append(k).append('\n').append(v));
        owned.forEach((k, v) -> sb.append("# owned ").append(k).append(' ').append(v[0]).append(':').append(v[1])
                .append('\n'));
        return sb.toString();
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
