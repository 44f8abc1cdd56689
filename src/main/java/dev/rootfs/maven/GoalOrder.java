package dev.rootfs.maven;

import java.util.List;

/**
 * Where the plugin's goals run in a build, to warn when populate-var would run after generate-factory on the
 * same root: its {@code C} lines (run with --boot) would copy the whole factory back into the image's /var,
 * storing the content twice.
 */
final class GoalOrder {
    /** Maven's default lifecycle, in order. */
    private static final List<String> PHASES = List.of("validate", "initialize", "generate-sources",
            "process-sources", "generate-resources", "process-resources", "compile", "process-classes",
            "generate-test-sources", "process-test-sources", "generate-test-resources", "process-test-resources",
            "test-compile", "process-test-classes", "test", "prepare-package", "package", "pre-integration-test",
            "integration-test", "post-integration-test", "verify", "install", "deploy");

    /** One execution of the plugin: its id, phase (null = the goal's default, package) and goals. */
    record Binding(String id, String phase, List<String> goals) {
    }

    private GoalOrder() {
    }

    /** True when an execution after {@code current} (later phase, or same phase and declared later) populates. */
    static boolean populateRunsAfter(List<Binding> bindings, String current) {
        int at = -1;
        for (int i = 0; i < bindings.size(); i++) {
            if (bindings.get(i).id().equals(current)) {
                at = i;
            }
        }
        if (at < 0) {
            return false;
        }
        int phase = phaseIndex(bindings.get(at).phase());
        for (int i = 0; i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            int p = phaseIndex(b.phase());
            boolean later = p > phase || (p == phase && i > at);
            if (later && b.goals().contains("populate-var")) {
                return true;
            }
        }
        return false;
    }

    private static int phaseIndex(String phase) {
        int i = PHASES.indexOf(phase == null || phase.isBlank() ? "package" : phase);
        return i < 0 ? PHASES.indexOf("package") : i;
    }
}
