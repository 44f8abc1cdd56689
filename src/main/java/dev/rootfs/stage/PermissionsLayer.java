package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.TargetPathException;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Rules by glob applied to what the earlier layers staged, like Buildroot's permission tables and jdeb's mappers:
 * an owner ({@code user} or {@code user:group}, names or ids, looked up in the target's passwd and group), a mode
 * for files and one for directories. Rules apply in order; a path no rule matches keeps what it has.
 *
 * @param rules the rules, in order
 */
public record PermissionsLayer(List<Rule> rules) implements Layer {

    /**
     * @param glob     target paths the rule applies to ({@link Glob})
     * @param owner    {@code user} or {@code user:group}, or null
     * @param fileMode mode of every matching node that is not a directory or symlink, or null
     * @param dirMode  mode of every matching directory, or null
     */
    public record Rule(String glob, String owner, Integer fileMode, Integer dirMode) {
    }

    public PermissionsLayer {
        rules = List.copyOf(rules);
    }

    @Override
    public String describe() {
        return "permissions";
    }

    @Override
    public void apply(Staging s) throws StageFailure, IOException {
        List<String> paths = s.paths();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String where = describe() + " rule " + (i + 1) + " (" + r.glob() + ")";
            Glob g = Glob.of(r.glob());
            Long uid = null;
            Long gid = null;
            if (r.owner() != null && !r.owner().isBlank()) {
                String[] f = r.owner().strip().split(":", 2);
                uid = lookup(s, where, f[0], true);
                gid = f.length > 1 ? lookup(s, where, f[1], false) : null;
            }
            int matched = 0;
            for (String p : paths) {
                if (!g.matches(p)) {
                    continue;
                }
                matched++;
                try {
                    MetaEntry cur = s.current(p);
                    if (cur == null) {
                        continue;
                    }
                    Integer mode = cur.type() == FileType.DIR ? r.dirMode()
                            : cur.type() == FileType.LINK ? null : r.fileMode();
                    s.update(p, mode, uid, gid);
                } catch (TargetPathException e) {
                    throw new StageFailure(where, e.getMessage());
                }
            }
            if (matched == 0) {
                throw new StageFailure(where, "matches nothing in the staged root");
            }
        }
    }

    private static long lookup(Staging s, String where, String name, boolean user) throws StageFailure {
        OptionalLong v = user ? s.users().uid(name) : s.users().gid(name);
        if (v.isEmpty()) {
            throw new StageFailure(where, (user ? "user '" : "group '") + name + "' is not in the target's "
                    + (user ? "/etc/passwd" : "/etc/group"));
        }
        return v.getAsLong();
    }
}
