package dev.rootfs.tmpfiles;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the parser with random lines and mutated corpus lines (at least 100,000 per run, {@code
 * -Dtmpfiles.fuzz=N}): every line must give an item or diagnostics of the documented kinds, each naming
 * {@code file:line} and a one-line reason, never an exception. The seed is printed on failure.
 */
class ParserFuzzTest {
    static final int LINES = Integer.getInteger("tmpfiles.fuzz", 120_000);
    static final Pattern WHERE = Pattern.compile("fuzz\\.conf:\\d+");
    static final String ALPHABET = "fFwdDvqQepLcbCtTaAhHxXrRzZm!+-=~^$?%\\\"' \t/.:0123456789abcmsuxyz*[]{},#\r\u00e9";

    @Test
    void everyLineGivesAnItemOrTheDocumentedDiagnostics(@TempDir Path rootDir) throws Exception {
        Differential.base(rootDir);
        Files.createDirectories(rootDir.resolve("usr/share/factory/var"));
        TargetRoot root = TargetRoot.open(rootDir);
        List<String> corpus = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CorpusTest.CORPUS)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                corpus.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        assertTrue(corpus.size() > 100, "corpus lines: " + corpus.size());
        long seed = Long.getLong("tmpfiles.seed", System.nanoTime());
        Random r = new Random(seed);
        Map<Integer, Specifiers> specs = new HashMap<>();
        for (int v : new int[] {252, 257}) {
            TargetFacts f = TargetFacts.read(root);
            specs.put(v, new Specifiers(v, f.values, f.missing, Map.of()));
        }
        UserDb users = UserDb.load(root);
        int items = 0;
        for (int i = 0; i < LINES; i++) {
            String line = r.nextInt(3) == 0 ? random(r) : mutate(r, corpus.get(r.nextInt(corpus.size())));
            int v = r.nextBoolean() ? 252 : 257;
            LineParser.Context ctx = new LineParser.Context(v, r.nextBoolean(), r.nextBoolean() ? PathFilter.ALL
                    : new PathFilter(List.of("/var"), List.of("/run")), specs.get(v), users, root);
            String where = "fuzz.conf:" + (i + 1);
            LineParser.Outcome o;
            try {
                o = LineParser.parse(line, where, ctx);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", line " + i + ": " + line, t);
            }
            assertNotNull(o);
            if (o.item() != null) {
                items++;
                assertTrue(o.item().path().startsWith("/"), line);
            }
            for (Diagnostic d : o.diagnostics()) {
                if (!WHERE.matcher(d.where()).matches() || d.message().isBlank() || d.message().contains("\n")
                        || d.message().contains("Exception") || d.message().startsWith("cannot parse line")) {
                    fail("seed " + seed + ": undocumented diagnostic for line [" + line + "]: " + d.kind() + " " + d);
                }
            }
            assertTrue(o.item() == null || o.diagnostics().stream().noneMatch(Diagnostic::isError),
                    "an accepted line with an error: " + line);
        }
        assertTrue(items > LINES / 100, "too few lines parsed to items (" + items + "), the fuzzer is off");
        System.out.println("parser fuzz: " + LINES + " lines (seed " + seed + "), " + items + " accepted, no exception");
    }

    private static String random(Random r) {
        int n = r.nextInt(60);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String mutate(Random r, String line) {
        StringBuilder sb = new StringBuilder(line);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(5)) {
                case 0 -> sb.insert(pos, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 1 -> {
                    if (pos < sb.length()) {
                        sb.deleteCharAt(pos);
                    }
                }
                case 2 -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                    }
                }
                case 3 -> sb.insert(pos, new String[] {"%", "\\x", "\\", "\"", "'", " - ", "~", ":", "%m", "%H",
                        "%Y", "..", "\\u00", "=", "+"}[r.nextInt(15)]);
                default -> sb.append(' ').append(random(r));
            }
        }
        return sb.toString();
    }
}
