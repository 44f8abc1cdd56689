package dev.rootfs.factory;

import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.tmpfiles.ConfigDiscovery;
import dev.rootfs.tmpfiles.ConfigFile;
import dev.rootfs.tmpfiles.Diagnostic;
import dev.rootfs.tmpfiles.Item;
import dev.rootfs.tmpfiles.PathFilter;
import dev.rootfs.tmpfiles.TmpfilesEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the target's other tmpfiles.d files declare below /var, read with the populate-var engine as the
 * target's systemd reads them. A factory line the target already has identically is left out; a line for a
 * path another file declares differently is reported as an overlap (whichever sorts first wins at boot).
 */
final class ForeignLines {
    private final Map<String, List<Item>> byPath = new HashMap<>();
    private final java.util.Set<String> aclPaths = new java.util.HashSet<>();

    private ForeignLines() {
    }

    static ForeignLines none() {
        return new ForeignLines();
    }

    static ForeignLines read(TargetRoot root, int version, String ownConfName) throws TargetPathException {
        ForeignLines f = new ForeignLines();
        List<Diagnostic> warnings = new ArrayList<>();
        List<ConfigFile> files = ConfigDiscovery.discover(root, version, null, null, warnings).stream()
                .filter(c -> !c.name().equals(ownConfName)).toList();
        TmpfilesEngine engine = new TmpfilesEngine(root, new TmpfilesEngine.Options(true, false, true,
                new PathFilter(List.of(VarMover.VAR), List.of()), version, Map.of(), false));
        for (Item i : engine.items(files)) {
            if (i.letter() == 'a' || i.letter() == 'A') {
                f.aclPaths.add(i.path());
            }
            if (i.type().takesOwnership()) {
                f.byPath.computeIfAbsent(i.path(), k -> new ArrayList<>()).add(i);
            }
        }
        return f;
    }

    /** True when another file sets ACLs on {@code path} ({@code a}, {@code a+}, {@code A}). */
    boolean declaresAcl(String path) {
        return aclPaths.contains(path);
    }

    /** The other files' lines for {@code path}, in reading order. */
    List<Item> at(String path) {
        return byPath.getOrDefault(path, List.of());
    }

    /**
     * True when {@code item} creates exactly what the line {@code letter path mode uid gid - arg} would. At boot
     * tmpfiles runs as root, so an unset owner means 0 and an unset mode the type's default.
     */
    static boolean identical(Item item, char letter, Integer mode, Long uid, Long gid, String arg, Long major,
            Long minor) {
        if (item.letter() != letter || item.mods().plus() || item.mods().replace()) {
            return false;
        }
        int theirMode = item.mode().set() ? item.mode().value() : "dDvqQ".indexOf(letter) >= 0 ? 0755 : 0644;
        boolean modeSame = mode == null || (theirMode == mode && !item.mode().masked() && !item.mode().onlyCreate());
        long theirUid = item.uid().set() ? item.uid().id() : 0;
        long theirGid = item.gid().set() ? item.gid().id() : 0;
        boolean ownerSame = theirUid == (uid == null ? 0 : uid) && theirGid == (gid == null ? 0 : gid)
                && !item.uid().onlyCreate() && !item.gid().onlyCreate();
        boolean argSame = arg == null ? item.argument() == null
                : item.argument() != null && Arrays.equals(item.argument(), arg.getBytes(StandardCharsets.UTF_8));
        return modeSame && ownerSame && argSame && (major == null || (item.major() == major && item.minor() == minor));
    }
}
