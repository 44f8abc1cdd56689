package dev.rootfs.testing;

import dev.rootfs.fs.ListingDiff;
import dev.rootfs.fs.MtreeFormat;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden comparisons: a produced canonical listing against a recorded one ({@code expected.mtree} of the ITs,
 * the recorded runs of the real systemd-tmpfiles).
 */
public final class Golden {
    /** {@code -Drootfs.golden.update=true}: tests that can re-derive their golden files rewrite them. */
    public static final String UPDATE_PROPERTY = "rootfs.golden.update";

    /** How to rewrite the recorded outputs of systemd-tmpfiles, for failure messages. */
    public static final String REWRITE_TMPFILES = "as root with both real tools (see the README, \"Tests and "
            + "benchmarks\"): mvn -B -ntp -o test -Dtest='dev.rootfs.tmpfiles.**,dev.rootfs.cli.**' "
            + "-D" + UPDATE_PROPERTY + "=true";

    private Golden() {
    }

    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /**
     * A recorded text output of a real tool, kept in {@code file}. With {@code fromRealTool} (the tool ran here)
     * the file is rewritten when updating, and any difference fails otherwise; without it the file is read.
     * Returns the tool's text either way.
     */
    public static String recorded(Path file, String fromRealTool, String rewrite) throws IOException {
        if (fromRealTool != null && updating()) {
            if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(fromRealTool)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, fromRealTool, StandardCharsets.UTF_8);
                System.out.println("golden file written: " + file);
            }
            return fromRealTool;
        }
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no golden file " + file + "; record it " + rewrite);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (fromRealTool != null && !text.equals(fromRealTool)) {
            throw new AssertionError("the real tool no longer gives what " + file + " records:\n"
                    + lineDiff(text, fromRealTool) + "If the change is right, rewrite it " + rewrite);
        }
        return text;
    }

    /** Lines only in {@code expected} (-) and only in {@code actual} (+), in order. */
    public static String lineDiff(String expected, String actual) {
        List<String> e = List.of(expected.split("\n", -1));
        List<String> a = List.of(actual.split("\n", -1));
        StringBuilder sb = new StringBuilder();
        e.stream().filter(l -> !a.contains(l)).forEach(l -> sb.append("- ").append(l).append('\n'));
        a.stream().filter(l -> !e.contains(l)).forEach(l -> sb.append("+ ").append(l).append('\n'));
        return sb.toString();
    }

    /** Throws with a readable diff when {@code actual} differs from {@code expected}. */
    public static void assertListing(File expected, File actual) throws IOException {
        MtreeFormat.Parsed exp = MtreeFormat.parse(Files.readString(expected.toPath(), StandardCharsets.UTF_8),
                expected.getName());
        MtreeFormat.Parsed act = MtreeFormat.parse(Files.readString(actual.toPath(), StandardCharsets.UTF_8),
                actual.getName());
        if (!exp.problems().isEmpty() || !act.problems().isEmpty()) {
            throw new AssertionError("unreadable listing: " + exp.problems() + act.problems());
        }
        List<String> diff = ListingDiff.diff(exp.metadata(), act.metadata());
        if (!diff.isEmpty()) {
            throw new AssertionError("the produced tree differs from " + expected + ":\n" + String.join("\n", diff));
        }
    }
}
