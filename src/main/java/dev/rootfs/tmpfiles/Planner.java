package dev.rootfs.tmpfiles;

import dev.rootfs.fs.TargetPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects accepted items into per-path buckets, items apart from globs (§7.1), rejecting incompatible duplicates
 * (the first accepted line wins), and orders them for execution (§8): item buckets in order of first appearance,
 * then glob buckets; before a bucket its closest ancestor bucket (items searched first, then globs), once; inside
 * a bucket ownership-taking types first, then by type letter.
 */
public final class Planner {
    private static final class Bucket {
        final String path;
        final List<Item> items = new ArrayList<>();
        Bucket parent;
        final List<Bucket> children = new ArrayList<>();
        boolean done;

        Bucket(String path) {
            this.path = path;
        }
    }

    private final Map<String, Bucket> items = new LinkedHashMap<>();
    private final Map<String, Bucket> globs = new LinkedHashMap<>();
    private int accepted;

    /** Adds an item; returns the duplicate notice when it is rejected, else null. */
    public Diagnostic add(Item it) {
        Map<String, Bucket> map = it.type().isGlob() ? globs : items;
        Bucket b = map.get(it.path());
        if (b != null) {
            for (Item old : b.items) {
                boolean bothAppend = old.type() == it.type() && old.type().appends(old.mods())
                        && it.type().appends(it.mods());
                if (!bothAppend && !old.compatibleWith(it)) {
                    return new Diagnostic(Diagnostic.Kind.WARNING, it.where(),
                            "Duplicate line for path \"" + it.path() + "\", ignoring.", Diagnostic.Reason.DUPLICATE,
                            old.where());
                }
            }
        } else {
            b = new Bucket(it.path());
            map.put(it.path(), b);
        }
        b.items.add(it);
        accepted++;
        return null;
    }

    public int size() {
        return accepted;
    }

    private static final Comparator<Item> IN_BUCKET = Comparator
            .comparing((Item i) -> !i.type().takesOwnership()).thenComparing(Item::sortLetter);

    private void link() {
        List<Bucket> all = new ArrayList<>(items.values());
        all.addAll(globs.values());
        for (Bucket b : all) {
            b.parent = null;
            b.children.clear();
            b.done = false;
        }
        for (Bucket b : all) {
            String prefix = b.path;
            while (!prefix.equals("/")) {
                prefix = TargetPaths.parent(prefix);
                Bucket p = items.get(prefix);
                if (p == null) {
                    p = globs.get(prefix);
                }
                if (p != null && p != b) {
                    b.parent = p;
                    p.children.add(b);
                    break;
                }
            }
        }
    }

    /** The items in the order --create runs them. */
    public List<Item> createOrder() {
        link();
        List<Item> out = new ArrayList<>();
        for (Bucket b : items.values()) {
            create(b, out);
        }
        for (Bucket b : globs.values()) {
            create(b, out);
        }
        return out;
    }

    private static void create(Bucket b, List<Item> out) {
        if (b.done) {
            return;
        }
        b.done = true;
        if (b.parent != null) {
            create(b.parent, out);
        }
        List<Item> sorted = new ArrayList<>(b.items);
        sorted.sort(IN_BUCKET);
        out.addAll(sorted);
    }

    /** The items in the order --remove runs them: children before their parents. */
    public List<Item> removeOrder() {
        link();
        List<Item> out = new ArrayList<>();
        for (Bucket b : items.values()) {
            remove(b, out);
        }
        for (Bucket b : globs.values()) {
            remove(b, out);
        }
        return out;
    }

    private static void remove(Bucket b, List<Item> out) {
        if (b.done) {
            return;
        }
        b.done = true;
        for (Bucket c : b.children) {
            remove(c, out);
        }
        List<Item> sorted = new ArrayList<>(b.items);
        sorted.sort(IN_BUCKET);
        out.addAll(sorted);
    }
}
