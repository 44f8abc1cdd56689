package dev.rootfs.tmpfiles;

import dev.rootfs.fs.OsRelease;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the target says about itself for specifiers: its machine id and os-release fields. */
public final class TargetFacts {
    public final Map<Character, String> values = new HashMap<>();
    public final Map<Character, String> missing = new HashMap<>();

    public static TargetFacts read(TargetRoot root) throws TargetPathException {
        TargetFacts f = new TargetFacts();
        byte[] mid = root.readIfExists("/etc/machine-id");
        String id = mid == null ? null : new String(mid, StandardCharsets.UTF_8).trim();
        if (id == null) {
            f.missing.put('m', "needs /etc/machine-id, which the target lacks");
        } else if (!id.matches("[0-9a-fA-F]{32}")) {
            f.missing.put('m', "needs a machine id, but the target's /etc/machine-id holds '"
                    + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'");
        } else {
            f.values.put('m', id.toLowerCase(java.util.Locale.ROOT));
        }
        Optional<Map<String, String>> osr = OsRelease.read(root);
        String[][] fields = {{"B", "BUILD_ID"}, {"o", "ID"}, {"w", "VERSION_ID"}, {"W", "VARIANT_ID"},
                {"A", "IMAGE_VERSION"}, {"M", "IMAGE_ID"}};
        if (osr.isEmpty()) {
            for (String[] fld : fields) {
                f.missing.put(fld[0].charAt(0), "needs os-release, which the target lacks");
            }
        } else {
            Map<String, String> env = osr.get();
            for (String[] fld : fields) {
                f.values.put(fld[0].charAt(0), env.getOrDefault(fld[1], ""));
            }
        }
        return f;
    }
}
