package dev.rootfs.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.rootfs.fs.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON report of one goal run: every action with its outcome, plus the problems. Written without
 * timestamps or host data, so the same run gives the same file.
 */
public final class Report {
    /** What happened to one action. */
    public enum Outcome { APPLIED, SKIPPED, FAILED }

    private final String goal;
    private final List<JsonObject> actions = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private final Map<String, JsonElement> details = new TreeMap<>();

    public Report(String goal) {
        this.goal = goal;
    }

    public String goal() {
        return goal;
    }

    /** Records an action on {@code path}; {@code reason} explains skips and failures (may be null). */
    public synchronized void action(Outcome outcome, String kind, String path, String reason) {
        JsonObject o = new JsonObject();
        o.addProperty("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("action", kind);
        o.addProperty("path", path);
        if (reason != null) {
            o.addProperty("reason", reason);
        }
        actions.add(o);
        count(outcome.name().toLowerCase(java.util.Locale.ROOT));
    }

    public synchronized void count(String counter) {
        add(counter, 1);
    }

    public synchronized void add(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }

    public synchronized long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /**
     * Sets one named fact of the run beside the counts (a tool's version, a command line, a root hash); the
     * value is a string, a number, or a list of strings.
     */
    public synchronized void detail(String name, Object value) {
        JsonElement v;
        if (value instanceof Number n) {
            v = new JsonPrimitive(n);
        } else if (value instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(String.valueOf(x)));
            v = a;
        } else {
            v = new JsonPrimitive(String.valueOf(value));
        }
        details.put(name, v);
    }

    public synchronized void problem(Problem p) {
        problems.add(p);
    }

    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    public synchronized List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public synchronized Map<String, Long> counters() {
        return Map.copyOf(counters);
    }

    public synchronized String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("goal", goal);
        JsonObject c = new JsonObject();
        counters.forEach(c::addProperty);
        root.add("counts", c);
        if (!details.isEmpty()) {
            JsonObject d = new JsonObject();
            details.forEach(d::add);
            root.add("details", d);
        }
        JsonArray ps = new JsonArray();
        for (Problem p : problems) {
            JsonObject o = new JsonObject();
            o.addProperty("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
            o.addProperty("where", p.where());
            o.addProperty("message", p.message());
            ps.add(o);
        }
        root.add("problems", ps);
        JsonArray as = new JsonArray();
        actions.forEach(as::add);
        root.add("actions", as);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        return gson.toJson(root) + "\n";
    }

    /** Writes {@code <dir>/<goal>.json} atomically. */
    public Path write(Path dir) throws IOException {
        Path out = dir.resolve(goal + ".json");
        AtomicOutput.write(out, toJson().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** One line: counts by outcome, e.g. "412 entries, 2 warnings". */
    public synchronized String summary() {
        StringBuilder sb = new StringBuilder();
        counters.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        long warnings = problems.stream().filter(p -> !p.isError()).count();
        long errors = problems.size() - warnings;
        if (warnings > 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        if (errors > 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(errors).append(errors == 1 ? " error" : " errors");
        }
        return sb.toString();
    }
}
