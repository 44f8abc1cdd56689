package dev.rootfs.goal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.rootfs.fs.AtomicOutput;
import dev.rootfs.fs.TreeFingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a goal's work is already done, so that a second {@code mvn package} with nothing changed redoes
 * nothing. The goals change one root in place, one after the other, so "my output exists" is not enough: when
 * the staging is skipped, the root is as the last goal left it, and an earlier goal must not run again on it
 * (populate-var would copy the factory back into {@code /var}). So the state is a chain, kept beside the
 * metadata file: the fingerprint of the root and metadata as the last goal left them, and the goals (each by a
 * key of its name, configuration, inputs and plugin build) that led there since the root was built. A goal is up
 * to date when the root and metadata still have that fingerprint, its key is in the chain and the files it wrote
 * are as it left them. Anything else (a changed input or parameter, a touched root, a killed run, which never
 * records itself) runs the goal; a goal that builds the root starts a new chain.
 */
final class UpToDate {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** What is recorded; also the file's JSON shape. */
    static final class State {
        String root;
        String metadata;
        List<Step> chain = new ArrayList<>();
    }

    static final class Step {
        String goal;
        String key;
        Map<String, String> outputs = new LinkedHashMap<>();
    }

    private final GoalContext ctx;
    private final Goal<?> goal;
    private final Path file;
    private final String key;
    private final State state;
    private String rootBefore;
    private String metadataBefore;

    private UpToDate(GoalContext ctx, Goal<?> goal, String key, Path file, State state) {
        this.ctx = ctx;
        this.goal = goal;
        this.key = key;
        this.file = file;
        this.state = state;
    }

    /** The check for {@code goal}, or null when the context or the goal has none. */
    static UpToDate of(GoalContext ctx, Goal<?> goal) throws IOException {
        String config = ctx.configuration();
        if (config == null) {
            return null;
        }
        String key = TreeFingerprint.ofText(goal.name() + "\n" + config + "\n" + PluginBuild.fingerprint() + "\n"
                + TreeFingerprint.ofAll(goal.inputs()));
        Path file = stateFile(ctx.metadata());
        return new UpToDate(ctx, goal, key, file, read(file));
    }

    /** Where the chain of a metadata file is kept: beside it, outside the root like the metadata. */
    static Path stateFile(Path metadata) {
        Path m = metadata.toAbsolutePath().normalize();
        return m.resolveSibling(m.getFileName() + ".uptodate.json");
    }

    private static State read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            State s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), State.class);
            return s == null || s.chain == null ? null : s;
        } catch (JsonParseException e) {
            return null; // an unreadable record only means the goal runs
        }
    }

    /** Takes the fingerprint of the root and metadata as they are now; true when the goal need not run. */
    boolean current() throws IOException {
        rootBefore = TreeFingerprint.of(ctx.root());
        metadataBefore = TreeFingerprint.of(ctx.metadata());
        if (ctx.force() || state == null || !rootBefore.equals(state.root) || !metadataBefore.equals(state.metadata)) {
            return false;
        }
        for (Step s : state.chain) {
            if (s.goal.equals(goal.name()) && s.key.equals(key)) {
                return s.outputs.equals(outputs());
            }
        }
        return false;
    }

    /** Records the run that just finished: it continues the chain the root had, or starts one. */
    void record() throws IOException {
        State next = new State();
        next.root = goal.changesRoot() ? TreeFingerprint.of(ctx.root()) : rootBefore;
        next.metadata = TreeFingerprint.of(ctx.metadata());
        boolean continues = !goal.buildsRoot() && state != null && rootBefore.equals(state.root)
                && metadataBefore.equals(state.metadata);
        if (continues) {
            for (Step s : state.chain) {
                if (!s.goal.equals(goal.name()) || !s.key.equals(key)) {
                    next.chain.add(s);
                }
            }
        }
        Step me = new Step();
        me.goal = goal.name();
        me.key = key;
        me.outputs = outputs();
        next.chain.add(me);
        AtomicOutput.write(file, GSON.toJson(next).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> outputs() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Goal.Output o : goal.outputs()) {
            if (o.path() != null) {
                out.put(o.path().toAbsolutePath().normalize().toString(), TreeFingerprint.of(o.path()));
            }
        }
        return out;
    }
}
