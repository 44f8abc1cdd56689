package dev.rootfs.sysusers;

import dev.rootfs.fs.ConfigDirectories;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetSystemd;
import dev.rootfs.goal.Goal;
import dev.rootfs.goal.GoalRun;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.report.Report;
import dev.rootfs.tmpfiles.Specifiers;
import dev.rootfs.tmpfiles.TargetFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code create-users} goal's work: applies the target's sysusers.d (plus configured files and lines) to its
 * {@code /etc/passwd}, {@code group}, {@code shadow} and {@code gshadow} as {@code systemd-sysusers --root} of the
 * target's version does, and records the files' owners and modes in the metadata. Invalid lines stop it before
 * anything changes unless failOnError is off, where they are skipped as systemd skips them.
 */
public final class CreateUsersService implements Goal<CreateUsersService.Result> {

    /**
     * @param configFiles     host files read after the target's sysusers.d files (or in place of {@code replace})
     * @param lines           sysusers.d lines read after them
     * @param replace         target path of a sysusers.d file that configFiles and lines replace (--replace)
     * @param systemdVersion  the target's systemd version, or null to detect it
     * @param specifierValues values for specifiers the target cannot tell (letter to value)
     * @param lastChange      the time new users' shadow entries give as last password change (the build's output
     *                        timestamp); null for now, as systemd does without SOURCE_DATE_EPOCH
     */
    public record Options(List<Path> configFiles, List<String> lines, String replace, Integer systemdVersion,
            Map<String, String> specifierValues, Instant lastChange) {
        public static Options defaults() {
            return new Options(List.of(), List.of(), null, null, Map.of(), null);
        }

        public Options withVersion(Integer v) {
            return new Options(configFiles, lines, replace, v, specifierValues, lastChange);
        }

        public Options withLines(List<String> l) {
            return new Options(configFiles, l, replace, systemdVersion, specifierValues, lastChange);
        }

        public Options withLastChange(Instant t) {
            return new Options(configFiles, lines, replace, systemdVersion, specifierValues, t);
        }
    }

    /** What was created. */
    public record Result(int systemdVersion, List<SysusersEngine.Created> created, List<String> written) {
    }

    private final Options options;

    public CreateUsersService(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "create-users";
    }

    @Override
    public Result run(GoalRun run) throws ProblemsException, IOException {
        try {
            TargetSystemd systemd = TargetSystemd.resolve(run.root(), options.systemdVersion());
            int version = systemd.version();
            run.report().add("systemd-version", version);
            List<ConfigDirectories.Found> extra = new ArrayList<>();
            for (Path p : options.configFiles() == null ? List.<Path>of() : options.configFiles()) {
                ConfigDirectories.Found f = ConfigDirectories.hostFile(p);
                if (f == null) {
                    throw new ProblemsException("configFiles: " + p + " is not a readable file");
                }
                extra.add(f);
            }
            if (options.lines() != null && !options.lines().isEmpty()) {
                extra.add(new ConfigDirectories.Found("lines", "<lines>",
                        String.join("\n", options.lines()).getBytes(StandardCharsets.UTF_8), false));
            }
            List<Problem> discovery = new ArrayList<>();
            List<ConfigDirectories.Found> files = ConfigDirectories.discoverWith(run.root(),
                    ConfigDirectories.standard("sysusers.d", version), ".conf", extra, options.replace(),
                    (path, message, cause) -> discovery.add(Problem.warning(path, message)));
            TargetFacts facts = TargetFacts.read(run.root());
            Map<Character, String> supplied = new HashMap<>();
            if (options.specifierValues() != null) {
                for (Map.Entry<String, String> e : options.specifierValues().entrySet()) {
                    if (e.getKey().length() != 1) {
                        throw new ProblemsException("specifierValues: '" + e.getKey() + "' is not one letter");
                    }
                    supplied.put(e.getKey().charAt(0), e.getValue());
                }
            }
            SysusersConfig config = SysusersConfig.read(files, version,
                    new Specifiers(version, facts.values, facts.missing, supplied));
            discovery.forEach(run.report()::problem);
            config.warnings().forEach(run.report()::problem);
            if (!config.invalid().isEmpty()) {
                if (run.failOnError()) {
                    int n = config.invalid().size();
                    throw new ProblemsException(n + " invalid sysusers.d line" + (n == 1 ? "" : "s")
                            + ", nothing was changed (failOnError=false skips them as systemd does):",
                            config.invalid());
                }
                for (Problem p : config.invalid()) {
                    run.report().problem(Problem.warning(p.where(), p.message() + " (line skipped)"));
                    run.report().action(Report.Outcome.SKIPPED, "line", p.where(), p.message());
                }
            }
            SysusersEngine engine = new SysusersEngine(run.root(), run.metadata(), version, lastChangeDay(),
                    run.ownership().applies());
            Map<AccountFile.Kind, AccountFile> accounts;
            try {
                accounts = engine.load();
            } catch (AccountFile.Malformed e) {
                throw new ProblemsException("cannot rewrite the account files, nothing was changed: " + e.getMessage()
                        + " (systemd-sysusers would drop that line)");
            }
            List<Problem> problems = new ArrayList<>();
            SysusersEngine.Result r = engine.apply(config, accounts, problems);
            problems.forEach(run.report()::problem);
            for (SysusersEngine.Created c : r.created()) {
                run.report().action(Report.Outcome.APPLIED, c.kind(), c.name(),
                        c.kind().equals("user") ? "uid " + c.id() + " gid " + c.gid() : "gid " + c.id());
                run.report().count(c.kind().equals("user") ? "users" : "groups");
            }
            run.reloadUsers();
            return new Result(version, r.created(), r.written());
        } catch (TargetPathException e) {
            throw new ProblemsException(e.getMessage());
        }
    }

    private long lastChangeDay() {
        Instant t = options.lastChange() != null ? options.lastChange() : Instant.now();
        return Math.floorDiv(t.getEpochSecond(), 86400L);
    }

    @Override
    public String summary(Result r, GoalRun run) {
        StringBuilder sb = new StringBuilder();
        long users = r.created().stream().filter(c -> c.kind().equals("user")).count();
        sb.append("Created ").append(users).append(users == 1 ? " user" : " users").append(" and ")
                .append(r.created().size() - users).append(r.created().size() - users == 1 ? " group" : " groups");
        if (!r.created().isEmpty()) {
            sb.append(':');
            for (SysusersEngine.Created c : r.created()) {
                sb.append(' ').append(c.kind()).append(' ').append(c.name()).append('=').append(c.id());
            }
        }
        return sb.toString();
    }
}
