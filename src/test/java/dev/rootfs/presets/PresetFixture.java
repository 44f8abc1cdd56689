package dev.rootfs.presets;

import dev.rootfs.fs.Ownership;
import dev.rootfs.goal.GoalContext;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.testing.HostTools;
import dev.rootfs.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One preset case: files of a root (unit files, drop-ins, preset files) and links (pre-existing enablement, masks,
 * a merged /lib). Runs the real {@code systemctl --root preset-all} or our goal on a fresh copy and lists
 * {@code /etc} afterwards (directories, and links with their targets).
 */
record PresetFixture(Map<String, String> files, Map<String, String> links) {

    static List<String> tool(int version) {
        if (version == 252) {
            return List.of("systemctl");
        }
        String dir = System.getenv().getOrDefault("SYSTEMD_257_DIR", "/opt/systemd-257");
        return List.of(dir + "/usr/lib64/ld-linux-x86-64.so.2", "--library-path", dir + "/usr/lib/x86_64-linux-gnu:"
                + dir + "/usr/lib/x86_64-linux-gnu/systemd:/lib/x86_64-linux-gnu", dir + "/usr/bin/systemctl");
    }

    static boolean toolPresent(int version) {
        return version == 252 ? HostTools.onPath("systemctl") : Files.isExecutable(Path.of(tool(257).get(3)));
    }

    private void populate(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = root.resolve(e.getKey().substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> e : links.entrySet()) {
            Path p = root.resolve(e.getKey().substring(1));
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(e.getValue()));
        }
    }

    String runTool(int version, Path root) throws IOException, InterruptedException {
        populate(root);
        List<String> argv = new ArrayList<>(tool(version));
        argv.add("--root=" + root);
        argv.add("preset-all");
        Processes.command(argv).run();
        return listing(root);
    }

    String runOurs(int version, Path root, Path work) throws IOException {
        populate(root);
        GoalContext ctx = GoalContext.of(root, work.resolve("rootfs.mtree")).withFailOnError(false)
                .withOwnership(Ownership.NEVER);
        try {
            GoalFrame.run(ctx, new EnableUnitsService(EnableUnitsService.Options.defaults().withVersion(version)
                    .withMachineId(false)));
        } catch (ProblemsException e) {
            return "failed: " + e.getMessage() + "\n" + listing(root);
        }
        return listing(root);
    }

    static String listing(Path root) throws IOException {
        StringBuilder sb = new StringBuilder();
        Path etc = root.resolve("etc");
        try (Stream<Path> s = Files.walk(etc)) {
            for (Path p : s.sorted().toList()) {
                String rel = "/" + root.relativize(p);
                if (Files.isSymbolicLink(p)) {
                    sb.append(rel).append(" -> ").append(Files.readSymbolicLink(p)).append('\n');
                } else if (Files.isDirectory(p)) {
                    sb.append(rel).append("/\n");
                } else {
                    sb.append(rel).append('\n');
                }
            }
        }
        return sb.toString();
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(files).forEach((k, v) -> sb.append("# ").append(k).append('\n').append(v));
        new TreeMap<>(links).forEach((k, v) -> sb.append("# link ").append(k).append(" -> ").append(v).append('\n'));
        return sb.toString();
    }
}
