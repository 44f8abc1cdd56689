package dev.rootfs.tmpfiles;

import dev.rootfs.fs.TargetPaths;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --prefix} / {@code --exclude-prefix}: component-wise on the unprefixed path as the line wrote it
 * (after specifiers, so {@code /var/../etc} is under {@code /var}); exclusion wins; with no prefix everything
 * not excluded passes.
 */
public final class PathFilter {
    private final List<List<String>> include = new ArrayList<>();
    private final List<List<String>> exclude = new ArrayList<>();

    public PathFilter(List<String> prefixes, List<String> excludePrefixes) {
        for (String p : prefixes) {
            include.add(TargetPaths.components(p));
        }
        for (String p : excludePrefixes) {
            exclude.add(TargetPaths.components(p));
        }
    }

    public static final PathFilter ALL = new PathFilter(List.of(), List.of());

    public boolean includes(String path) {
        List<String> c = TargetPaths.components(path);
        for (List<String> e : exclude) {
            if (startsWith(c, e)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return true;
        }
        for (List<String> i : include) {
            if (startsWith(c, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }
}
