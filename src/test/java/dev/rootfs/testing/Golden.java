package dev.rootfs.testing;

import dev.rootfs.fs.ListingDiff;
import dev.rootfs.fs.MtreeFormat;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Golden comparisons: a produced canonical listing against a recorded one ({@code expected.mtree} of the ITs,
 * the recorded runs of the real systemd-tmpfiles).
 */
public final class Golden {
    /** {@code -Drootfs.golden.update=true}: tests that can re-derive their golden files rewrite them. */
    public static final String UPDATE_PROPERTY = "rootfs.golden.update";

    private Golden() {
    }

    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
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
