package dev.rootfs.presets;

import dev.rootfs.fs.ConfigDirectories;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code enable-units} goal's work: applies the target's presets (plus configured preset files and unit
 * lists) to its unit files as {@code systemctl --root=ROOT preset-all} of the target's version does, and writes
 * an empty {@code /etc/machine-id} unless one exists, so that a read-only root gets a transient id at boot.
 */
public final class EnableUnitsService implements Goal<EnableUnitsService.Result> {

    /**
     * @param presetFiles    host preset files read before the target's (their rules win)
     * @param enable         unit names (globs) enabled whatever the target's presets say
     * @param disable        unit names (globs) disabled whatever the target's presets say
     * @param systemdVersion the target's systemd version, or null to detect it
     * @param machineId      write an empty /etc/machine-id when the target has none
     */
    public record Options(List<Path> presetFiles, List<String> enable, List<String> disable, Integer systemdVersion,
            boolean machineId) {
        public static Options defaults() {
            return new Options(List.of(), List.of(), List.of(), null, true);
        }

        public Options withVersion(Integer v) {
            return new Options(presetFiles, enable, disable, v, machineId);
        }

        public Options withMachineId(boolean m) {
            return new Options(presetFiles, enable, disable, systemdVersion, m);
        }
    }

    /** What changed. */
    public record Result(int systemdVersion, List<PresetEngine.Change> changes, boolean machineIdWritten) {
    }

    private final Options options;

    public EnableUnitsService(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "enable-units";
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        try {
            int version = TargetSystemd.resolve(run.root(), options.systemdVersion()).version();
            run.report().add("systemd-version", version);
            List<PresetRules.Rule> first = new ArrayList<>();
            for (String u : options.disable() == null ? List.<String>of() : options.disable()) {
                first.add(new PresetRules.Rule(PresetRules.Action.DISABLE, u, List.of(), "disable"));
            }
            for (String u : options.enable() == null ? List.<String>of() : options.enable()) {
                first.add(new PresetRules.Rule(PresetRules.Action.ENABLE, u, List.of(), "enable"));
            }
            List<ConfigDirectories.Found> files = new ArrayList<>();
            for (Path p : options.presetFiles() == null ? List.<Path>of() : options.presetFiles()) {
                ConfigDirectories.Found f = ConfigDirectories.hostFile(p);
                if (f == null) {
                    throw new ProblemsException("presetFiles: " + p + " is not a readable file");
                }
                files.add(f);
            }
            files.addAll(ConfigDirectories.discover(run.root(),
                    ConfigDirectories.standard("systemd/system-preset", version), ".preset", null, null,
                    (path, message, cause) -> run.report().problem(Problem.warning(path, message))));
            PresetRules rules = PresetRules.read(files, version, first);
            rules.warnings().forEach(run.report()::problem);
            List<PresetEngine.Change> changes = new PresetEngine(run.root(), version).presetAll(rules);
            for (PresetEngine.Change c : changes) {
                run.report().action(Report.Outcome.APPLIED, c.created() ? "link created" : "link removed", c.path(),
                        "-> " + c.target());
                if (!c.created()) {
                    run.metadata().remove(c.path());
                }
            }
            boolean wrote = false;
            if (options.machineId() && run.root().stat("/etc/machine-id") == null) {
                run.root().mkdirs("/etc", 0755);
                run.root().createFile("/etc/machine-id", 0444);
                run.metadata().put(MetaEntry.of("/etc/machine-id").withType(FileType.FILE).withMode(0444)
                        .withOwner(0L, "root").withGroup(0L, "root"));
                wrote = true;
            }
            return new Result(version, changes, wrote);
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
    }

    @Override
    public String summary(Result r, GoalRun run) {
        long created = r.changes().stream().filter(PresetEngine.Change::created).count();
        return "Presets applied: " + created + " links created, " + (r.changes().size() - created) + " removed"
                + (r.machineIdWritten() ? "; empty /etc/machine-id written" : "");
    }
}
