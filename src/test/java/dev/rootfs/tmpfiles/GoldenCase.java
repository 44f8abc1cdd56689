package dev.rootfs.tmpfiles;

import dev.rootfs.fs.ListingDiff;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the real systemd-tmpfiles of one version did with one differential case, kept as a text file under
 * {@code src/test/resources/golden/tmpfiles/<version>/<suite>/<name>.txt}, so that the engine is compared with
 * it on any machine, as any user, without the tool. The file is a header naming the case (its arguments, its
 * config and a digest of its fixture tree, so a changed case shows up as a stale file), the exit code, and the
 * resulting tree as an mtree listing (type, mode, uid, gid, link target, device, sha256 of the content), one
 * line per path in path order, so a change of behaviour reads as a small diff.
 *
 * <p>Where the real tool runs (as root, CI), it re-derives every file: any drift fails the case with the
 * path-by-path difference, and {@code -Drootfs.golden.update=true} rewrites the files instead.
 */
final class GoldenCase {
    static final Path DIR = Path.of("src/test/resources/golden/tmpfiles");
    static final int[] VERSIONS = {252, 257};
    static final String REWRITE = Golden.REWRITE_TMPFILES;

    private static final Map<Integer, AtomicInteger> COUNTS = new ConcurrentSkipListMap<>();

    /** One case of a suite; {@code name} is its file name without {@code .txt}, {@code title} says what it is. */
    record Id(String suite, String name, String title) {
    }

    /** What the real tool left: its exit code and the resulting tree. */
    record Recorded(int exit, Metadata listing, Path file) {
    }

    private GoldenCase() {
    }

    static Path file(int version, Id id) {
        return DIR.resolve(Integer.toString(version)).resolve(id.suite()).resolve(id.name() + ".txt");
    }

    /** A file name for a case title: lower case, words joined by dashes ({@code §4 f on a dir} is s4-f-on-a-dir). */
    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replace("§", "s").replaceAll("[^a-z0-9]+", "-");
        return s.replaceAll("^-+|-+$", "");
    }

    /**
     * The header identifying a case: when the case's config, arguments or fixture change, the recorded file no
     * longer matches and must be rewritten.
     */
    static String header(int version, Id id, String conf, List<String> args, String fixtureDigest) {
        StringBuilder sb = new StringBuilder();
        sb.append("# systemd-tmpfiles ").append(version).append(", ").append(id.suite()).append(": ")
                .append(printable(id.title())).append('\n');
        sb.append("# args: ").append(String.join(" ", args)).append('\n');
        sb.append("# fixture: sha256 ").append(fixtureDigest).append('\n');
        if (conf == null) {
            sb.append("# config: none, the root's tmpfiles.d files\n");
        } else {
            sb.append("# config:\n");
            for (String line : conf.split("\n", -1)) {
                sb.append("#  |").append(printable(line)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Control characters as \xNN, so the header stays one readable line per config line. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String render(String header, int exit, Metadata listing) {
        return header + "exit " + exit + "\n" + MtreeFormat.format(listing);
    }

    static boolean updating() {
        return Golden.updating();
    }

    /** Reads the recorded outcome; fails when the file is missing or was recorded for another version of the case. */
    static Recorded read(int version, Id id, String header) throws IOException {
        return read(file(version, id), id, header);
    }

    static Recorded read(Path f, Id id, String header) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new AssertionError("no golden file " + f + " for " + id.suite() + " case '" + id.title()
                    + "'; record it " + REWRITE);
        }
        String text = Files.readString(f, StandardCharsets.UTF_8);
        int mtree = text.indexOf("\n" + MtreeFormat.HEADER + "\n");
        int exitAt = mtree < 0 ? -1 : text.lastIndexOf("\nexit ", mtree);
        if (exitAt < 0) {
            throw new AssertionError(f + ": not a golden file (no 'exit N' line followed by '#mtree')");
        }
        String recordedHeader = text.substring(0, exitAt + 1);
        if (!recordedHeader.equals(header)) {
            throw new AssertionError(f + " is stale: it was recorded for another config, arguments or fixture "
                    + "(or this machine's umask is not 0022). Rewrite it " + REWRITE + "\nrecorded:\n" + recordedHeader
                    + "now:\n" + header);
        }
        int exit = Integer.parseInt(text.substring(exitAt + 6, mtree).strip());
        MtreeFormat.Parsed parsed = MtreeFormat.parse(text.substring(mtree + 1), f.toString());
        if (!parsed.problems().isEmpty()) {
            throw new AssertionError(f + ": unreadable listing: " + parsed.problems());
        }
        return new Recorded(exit, parsed.metadata(), f);
    }

    /**
     * With the real tool's outcome at hand: rewrites the file when updating, else fails on any drift between
     * the file and what the tool did now, path by path.
     */
    static void checkOrWrite(int version, Id id, String header, int exit, Metadata listing) throws IOException {
        Path f = file(version, id);
        String text = render(header, exit, listing);
        if (updating()) {
            if (!Files.isRegularFile(f) || !Files.readString(f, StandardCharsets.UTF_8).equals(text)) {
                Files.createDirectories(f.getParent());
                Files.writeString(f, text, StandardCharsets.UTF_8);
                System.out.println("golden file written: " + f);
            }
            return;
        }
        Recorded r = read(version, id, header);
        List<String> diff = ListingDiff.diff(r.listing(), listing);
        if (r.exit() != exit || !diff.isEmpty()) {
            StringBuilder sb = new StringBuilder("systemd-tmpfiles " + version + " no longer gives what " + f
                    + " records (case '" + id.title() + "'):\n");
            if (r.exit() != exit) {
                sb.append("exit ").append(r.exit()).append(" -> ").append(exit).append('\n');
            }
            diff.forEach(d -> sb.append(d).append('\n'));
            sb.append("If the change is right, rewrite the golden files ").append(REWRITE);
            throw new AssertionError(sb.toString());
        }
    }

    /** Prints {@link #summary()} once, after the last test of the run (the root context closes its store). */
    static final class Summary implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Summary.class,
                    k -> (AutoCloseable) () -> {
                        String s = summary();
                        if (s != null) {
                            System.out.println(s);
                        }
                    });
        }
    }

    static void counted(int version) {
        COUNTS.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet();
    }

    /** {@code golden tmpfiles cases: N run (252: a, 257: b)}, or null when no case ran. */
    static String summary() {
        if (COUNTS.isEmpty()) {
            return null;
        }
        int total = COUNTS.values().stream().mapToInt(AtomicInteger::get).sum();
        List<String> parts = new ArrayList<>();
        COUNTS.forEach((v, n) -> parts.add(v + ": " + n.get()));
        return "golden tmpfiles cases: " + total + " run (" + String.join(", ", parts) + ")";
    }

    /**
     * The golden files of {@code suite} that belong to no case (a case renamed or removed): reported, and
     * deleted when updating.
     */
    static List<Path> orphans(String suite, Collection<String> names) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int v : VERSIONS) {
            Path dir = DIR.resolve(Integer.toString(v)).resolve(suite);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            TreeSet<String> wanted = new TreeSet<>();
            names.forEach(n -> wanted.add(n + ".txt"));
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (!wanted.contains(dir.relativize(p).toString())) {
                        out.add(p);
                    }
                }
            }
        }
        if (updating()) {
            for (Path p : out) {
                Files.delete(p);
                System.out.println("golden file deleted (no such case): " + p);
            }
            return List.of();
        }
        return out;
    }
}
