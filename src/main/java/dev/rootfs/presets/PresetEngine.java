package dev.rootfs.presets;

import dev.rootfs.fs.ConfigDirectories;
import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code systemctl --root=ROOT preset-all} in Java: every unit file of the search path is looked up, the preset
 * rules decide enable or disable, the links to disabled units are removed from {@code /etc/systemd/system}
 * first, then the [Install] sections (drop-ins included) of the enabled units and their {@code Also=} units are
 * linked: {@code Alias=} at the top, {@code WantedBy=}, {@code RequiredBy=} and (from 257) {@code UpheldBy=} in
 * {@code .wants/}, {@code .requires/} and {@code .upholds/}, each an absolute link to the unit file, as both
 * 252 and 257 write them.
 */
public final class PresetEngine {
    /** The first version with UpheldBy= (252 warns "Unknown key" and ignores it). */
    public static final int UPHELD_BY = 257;
    /** From this version a link that points elsewhere is replaced (252 leaves any existing link alone). */
    public static final int REPLACES_LINKS = 257;
    static final String CONFIG = "/etc/systemd/system";

    /** A link created or removed. */
    public record Change(boolean created, String path, String target) {
    }

    private final TargetRoot root;
    private final int version;
    private final List<String> searchPath = new ArrayList<>();

    public PresetEngine(TargetRoot root, int version) throws TargetPathException {
        this.root = root;
        this.version = version;
        List<String> dirs = new ArrayList<>(List.of("/etc/systemd/system.control", "/run/systemd/system.control",
                "/run/systemd/transient", "/run/systemd/generator.early", CONFIG, "/etc/systemd/system.attached",
                "/run/systemd/system", "/run/systemd/system.attached", "/run/systemd/generator",
                "/usr/local/lib/systemd/system"));
        if (version < ConfigDirectories.NO_LIB_DIR) {
            dirs.add("/lib/systemd/system");
        }
        dirs.add("/usr/lib/systemd/system");
        dirs.add("/run/systemd/generator.late");
        // a directory reached twice (/lib -> usr/lib) counts where it is first met, as lookup_paths_reduce does
        Set<String> seen = new LinkedHashSet<>();
        for (String d : dirs) {
            FileInfo fi = root.statFollow(d);
            if (fi != null && fi.type() == FileType.DIR && seen.add(root.canonical(d))) {
                searchPath.add(d);
            }
        }
    }

    /** The unit file found for a name: its path in the search path, or null; masked ones are "/dev/null". */
    private String fragment(String name) throws TargetPathException {
        for (String d : searchPath) {
            String p = d + "/" + name;
            FileInfo fi = root.stat(p);
            if (fi == null) {
                continue;
            }
            if (fi.type() == FileType.LINK) {
                if ("/dev/null".equals(fi.linkTarget())) {
                    return "/dev/null";
                }
                return p;
            }
            if (fi.type() == FileType.FILE) {
                return p;
            }
        }
        return null;
    }

    /** The name a unit file link resolves to (an alias names its target). */
    private String resolvedName(String path) throws TargetPathException {
        FileInfo fi = root.stat(path);
        if (fi != null && fi.type() == FileType.LINK) {
            return TargetPaths.name(TargetPaths.normalize(fi.linkTarget()));
        }
        return TargetPaths.name(path);
    }

    /** The [Install] section of a unit, its drop-ins ({@code NAME.d/*.conf}) applied in name order. */
    private Map<String, List<String>> install(String name, String fragment) throws TargetPathException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        parse(root.read(fragment), keys);
        List<String> dropDirs = new ArrayList<>();
        for (String d : searchPath) {
            dropDirs.add(d + "/" + name + ".d");
            if (UnitNames.instance(name) != null) {
                dropDirs.add(d + "/" + UnitNames.template(name) + ".d");
            }
        }
        for (ConfigDirectories.Found f : ConfigDirectories.discover(root, dropDirs, ".conf", null, null,
                (p, m, c) -> { })) {
            if (!f.masked()) {
                parse(f.content(), keys);
            }
        }
        return keys;
    }

    private void parse(byte[] content, Map<String, List<String>> keys) {
        String section = "";
        for (String raw : new String(content, StandardCharsets.UTF_8).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (!section.equals("Install") || eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.equals("UpheldBy") && version < UPHELD_BY) {
                continue;
            }
            if (value.isEmpty()) {
                keys.remove(key);
                continue;
            }
            if (key.equals("DefaultInstance")) {
                keys.put(key, new ArrayList<>(List.of(value)));
                continue;
            }
            for (String w : value.split("[ \t]+")) {
                keys.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
            }
        }
    }

    /** Applies the rules to every unit of the search path; returns the links removed and created. */
    public List<Change> presetAll(PresetRules rules) throws TargetPathException {
        Set<String> plus = new LinkedHashSet<>();
        Set<String> minus = new LinkedHashSet<>();
        Set<String> names = new TreeSet<>();
        for (String d : searchPath) {
            for (String n : root.list(d)) {
                FileInfo fi = root.stat(d + "/" + n);
                if (UnitNames.valid(n) && fi != null && (fi.type() == FileType.FILE || fi.type() == FileType.LINK)) {
                    names.add(n);
                }
            }
        }
        for (String n : names) {
            String frag = fragment(n);
            if (frag == null || frag.equals("/dev/null") || !resolvedName(frag).equals(n)) {
                continue;
            }
            PresetRules.Decision dec = rules.query(n);
            if (dec.action() == PresetRules.Action.ENABLE) {
                if (dec.instances().isEmpty()) {
                    plus.add(n);
                } else {
                    dec.instances().forEach(i -> plus.add(UnitNames.withInstance(n, i)));
                }
            } else if (dec.action() == PresetRules.Action.DISABLE) {
                minus.add(n);
            }
        }
        List<Change> changes = new ArrayList<>();
        removeLinks(minus, changes);
        Set<String> done = new LinkedHashSet<>();
        for (String n : plus) {
            enable(n, done, changes);
        }
        return changes;
    }

    private void enable(String name, Set<String> done, List<Change> changes) throws TargetPathException {
        if (!done.add(name)) {
            return;
        }
        String frag = fragment(name);
        if (frag == null && UnitNames.instance(name) != null) {
            frag = fragment(UnitNames.template(name));
        }
        if (frag == null || frag.equals("/dev/null")) {
            return;
        }
        Map<String, List<String>> keys = install(name, frag);
        String linkName = name;
        if (UnitNames.isTemplate(name)) {
            List<String> def = keys.get("DefaultInstance");
            linkName = def == null ? null : UnitNames.withInstance(name, def.get(0));
        }
        for (String alias : keys.getOrDefault("Alias", List.of())) {
            // an alias keeps the unit's type; an instance's alias is a template, given the instance
            String inst = UnitNames.instance(name);
            if (!alias.endsWith(name.substring(name.lastIndexOf('.')))
                    || (inst != null && !UnitNames.isTemplate(alias)) || (!name.contains("@") && alias.contains("@"))) {
                continue;
            }
            link(CONFIG + "/" + (inst == null ? alias : UnitNames.withInstance(alias, inst)), frag, changes);
        }
        if (linkName != null) {
            for (String[] kind : new String[][] {{"WantedBy", ".wants"}, {"RequiredBy", ".requires"},
                    {"UpheldBy", ".upholds"}}) {
                for (String target : keys.getOrDefault(kind[0], List.of())) {
                    link(CONFIG + "/" + target + kind[1] + "/" + linkName, frag, changes);
                }
            }
        }
        for (String also : keys.getOrDefault("Also", List.of())) {
            enable(also, done, changes);
        }
    }

    private void link(String path, String target, List<Change> changes) throws TargetPathException {
        FileInfo fi = root.stat(path);
        if (fi != null && (fi.type() != FileType.LINK || version < REPLACES_LINKS || sameFile(fi.linkTarget(), target))) {
            return;
        }
        if (fi != null) {
            // a link elsewhere (a stale enablement) is replaced, as preset-all of 257 does
            root.delete(path);
            changes.add(new Change(false, path, fi.linkTarget()));
        }
        root.mkdirs(TargetPaths.parent(path), 0755);
        root.symlink(path, target);
        changes.add(new Change(true, path, target));
    }

    /** Two link targets are equivalent when they are the same path inside the root (/lib -> usr/lib counts). */
    private boolean sameFile(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return root.canonical(a).equals(root.canonical(b));
        } catch (TargetPathException e) {
            return false;
        }
    }

    /** Removes the links in /etc/systemd/system to the disabled units, and directories left empty. */
    private void removeLinks(Set<String> minus, List<Change> changes) throws TargetPathException {
        if (minus.isEmpty() || root.statFollow(CONFIG) == null) {
            return;
        }
        Set<String> marks = new LinkedHashSet<>();
        for (String n : minus) {
            marks.add(n);
            String frag = fragment(n);
            if (frag != null) {
                marks.add(frag);
            }
        }
        removeIn(CONFIG, marks, changes);
    }

    private void removeIn(String dir, Set<String> marks, List<Change> changes) throws TargetPathException {
        for (String n : root.list(dir)) {
            String p = dir + "/" + n;
            FileInfo fi = root.stat(p);
            if (fi == null) {
                continue;
            }
            if (fi.type() == FileType.DIR) {
                removeIn(p, marks, changes);
                if (root.list(p).isEmpty()) {
                    root.rmdir(p);
                }
            } else if (fi.type() == FileType.LINK) {
                String t = fi.linkTarget();
                if (marks.contains(n) || marks.contains(t) || marks.contains(TargetPaths.name(TargetPaths.normalize(t)))) {
                    root.delete(p);
                    changes.add(new Change(false, p, t));
                }
            }
        }
    }
}
