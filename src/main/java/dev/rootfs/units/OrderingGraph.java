package dev.rootfs.units;

import dev.rootfs.fs.TargetPaths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The start-up ordering between generated units (After=, Before=, RequiresMountsFor=, and the implicit
 * ordering of a mount after the mounts of its parent directories), plus systemd's own order of
 * {@code local-fs-pre.target} before {@code local-fs.target} and of an fstab mount between them. A cycle here
 * would make systemd drop a unit at boot.
 */
public final class OrderingGraph {
    /** unit -> units that must start before it. */
    private final Map<String, TreeSet<String>> after = new TreeMap<>();

    public OrderingGraph(Collection<UnitFile> units) {
        edge(OverlayUnitTemplate.LOCAL_FS_PRE, OverlayUnitTemplate.LOCAL_FS);
        Map<String, String> mounts = new HashMap<>();
        for (UnitFile u : units) {
            after.computeIfAbsent(u.name(), k -> new TreeSet<>());
            if (u.type().equals("mount")) {
                mounts.put(u.name(), u.value("Mount", "Where"));
            }
        }
        for (UnitFile u : units) {
            u.units("After").forEach(a -> edge(a, u.name()));
            u.units("Before").forEach(b -> edge(u.name(), b));
            for (String p : u.values("Unit", "RequiresMountsFor")) {
                String mount = SystemdEscape.mountUnit(p);
                edge(mount, u.name());
                // a mount point not generated here is an ordinary fstab mount
                if (!mounts.containsKey(mount)) {
                    edge(OverlayUnitTemplate.LOCAL_FS_PRE, mount);
                    edge(mount, OverlayUnitTemplate.LOCAL_FS);
                }
            }
            if (u.type().equals("mount")) {
                String where = u.value("Mount", "Where");
                mounts.forEach((other, w) -> {
                    if (!other.equals(u.name()) && TargetPaths.isUnder(where, w)) {
                        edge(other, u.name());
                    }
                });
            }
        }
        for (UnitFile u : units) {
            for (String w : u.units("Wants")) {
                if (w.endsWith(".mount") && !mounts.containsKey(w)) {
                    edge(OverlayUnitTemplate.LOCAL_FS_PRE, w);
                    edge(w, OverlayUnitTemplate.LOCAL_FS);
                }
            }
        }
    }

    private void edge(String first, String then) {
        after.computeIfAbsent(then, k -> new TreeSet<>()).add(first);
        after.computeIfAbsent(first, k -> new TreeSet<>());
    }

    /** Units that must start before {@code unit}, directly. */
    public List<String> before(String unit) {
        return List.copyOf(after.getOrDefault(unit, new TreeSet<>()));
    }

    /** One ordering cycle as a list of units (first repeated at the end), or an empty list. */
    public List<String> findCycle() {
        Map<String, Integer> state = new HashMap<>();
        for (String start : after.keySet()) {
            List<String> stack = new ArrayList<>();
            List<String> cycle = visit(start, state, stack);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private List<String> visit(String unit, Map<String, Integer> state, List<String> stack) {
        Integer s = state.get(unit);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(unit), stack.size()));
            cycle.add(unit);
            return cycle;
        }
        state.put(unit, 1);
        stack.add(unit);
        for (String prev : after.getOrDefault(unit, new TreeSet<>())) {
            List<String> c = visit(prev, state, stack);
            if (!c.isEmpty()) {
                return c;
            }
        }
        stack.remove(stack.size() - 1);
        state.put(unit, 2);
        return List.of();
    }
}
