package dev.rootfs.presets;

import dev.rootfs.fs.ConfigDirectories;
import dev.rootfs.report.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;

/**
 * The preset rules of a target (systemd.preset(5)): {@code enable PATTERN [INSTANCE...]}, {@code disable PATTERN}
 * and, from 257, {@code ignore PATTERN}; the first rule whose pattern matches a unit decides, and a unit no rule
 * matches is enabled.
 */
public final class PresetRules {
    /** The first version that knows {@code ignore}; 252 skips such a line as unparsable. */
    public static final int IGNORE = 257;

    /** What a rule says. */
    public enum Action { ENABLE, DISABLE, IGNORE }

    /** One rule. */
    public record Rule(Action action, String pattern, List<String> instances, String where) {
    }

    /** What the rules decide for one unit: the action and, for a template, the instances to enable. */
    public record Decision(Action action, List<String> instances) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    /** Reads the preset files in order, then the build's own rules (rootfs.enable/rootfs.disable) first. */
    public static PresetRules read(List<ConfigDirectories.Found> files, int version, List<Rule> first) {
        PresetRules r = new PresetRules();
        r.rules.addAll(first);
        for (ConfigDirectories.Found f : files) {
            if (f.masked()) {
                continue;
            }
            String[] lines = new String(f.content(), StandardCharsets.UTF_8).split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n].strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                String where = f.shown() + ":" + (n + 1);
                String[] w = line.split("[ \t]+");
                Action a = switch (w[0]) {
                    case "enable" -> Action.ENABLE;
                    case "disable" -> Action.DISABLE;
                    case "ignore" -> version >= IGNORE ? Action.IGNORE : null;
                    default -> null;
                };
                if (a == null || w.length < 2 || (a != Action.ENABLE && w.length > 2)) {
                    r.warnings.add(Problem.warning(where, "Couldn't parse line '" + line + "'. Ignoring."));
                    continue;
                }
                List<String> inst = new ArrayList<>();
                for (int i = 2; i < w.length; i++) {
                    inst.add(w[i]);
                }
                r.rules.add(new Rule(a, w[1], inst, where));
            }
        }
        return r;
    }

    public List<Problem> warnings() {
        return warnings;
    }

    /** systemd's query_presets for a unit name. */
    public Decision query(String unit) {
        for (Rule r : rules) {
            if (!r.instances().isEmpty()) {
                if (unit.equals(r.pattern())) {
                    return new Decision(r.action(), r.instances());
                }
                String inst = UnitNames.instance(unit);
                if (inst != null && UnitNames.template(unit).equals(r.pattern()) && r.instances().contains(inst)) {
                    return new Decision(r.action(), List.of());
                }
                continue;
            }
            if (FileSystems.getDefault().getPathMatcher("glob:" + r.pattern().replace("\\", "\\\\").replace("{", "\\{"))
                    .matches(java.nio.file.Path.of(unit))) {
                return new Decision(r.action(), List.of());
            }
        }
        return new Decision(Action.ENABLE, List.of());
    }
}
