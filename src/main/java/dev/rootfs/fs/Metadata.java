package dev.rootfs.fs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The ownership metadata of a target root: one {@link MetaEntry} per recorded path, kept in path order
 * ({@link TargetPaths#compare}). Moving or deleting a subtree moves or drops its records with it.
 */
public final class Metadata {
    private final NavigableMap<String, MetaEntry> entries = new TreeMap<>(TargetPaths::compare);

    public MetaEntry get(String path) {
        return entries.get(TargetPaths.normalize(path));
    }

    public void put(MetaEntry e) {
        String p = TargetPaths.normalize(e.path());
        entries.put(p, p.equals(e.path()) ? e : e.withPath(p));
    }

    /** Merges recorded fields into an existing record (or creates one). */
    public void merge(MetaEntry e) {
        MetaEntry old = get(e.path());
        put(old == null ? e : e.over(old));
    }

    public MetaEntry remove(String path) {
        return entries.remove(TargetPaths.normalize(path));
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Collection<MetaEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The records at and below {@code path}, in order. */
    public List<MetaEntry> subtree(String path) {
        String p = TargetPaths.normalize(path);
        List<MetaEntry> out = new ArrayList<>();
        for (Map.Entry<String, MetaEntry> e : entries.tailMap(p, true).entrySet()) {
            if (!TargetPaths.isUnder(e.getKey(), p)) {
                break;
            }
            out.add(e.getValue());
        }
        return out;
    }

    /** Drops the records at and below {@code path}; returns how many. */
    public int removeTree(String path) {
        List<MetaEntry> sub = subtree(path);
        sub.forEach(e -> entries.remove(e.path()));
        return sub.size();
    }

    /**
     * Re-keys the records at and below {@code from} onto {@code to}, as a rename of that subtree does.
     *
     * @throws IllegalStateException when a record already exists at a destination path
     */
    public int moveTree(String from, String to) {
        String f = TargetPaths.normalize(from);
        String t = TargetPaths.normalize(to);
        List<MetaEntry> sub = subtree(f);
        for (MetaEntry e : sub) {
            String dest = TargetPaths.rebase(e.path(), f, t);
            if (entries.containsKey(dest) && !TargetPaths.isUnder(dest, f)) {
                throw new IllegalStateException("metadata already has a record for " + dest
                        + " (moving " + e.path() + ")");
            }
        }
        sub.forEach(e -> entries.remove(e.path()));
        sub.forEach(e -> put(e.withPath(TargetPaths.rebase(e.path(), f, t))));
        return sub.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }
}
