package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoalOrderTest {

    @Test
    void goalOrderFindsAPopulateAfterTheFactory() {
        List<GoalOrder.Binding> b = List.of(new GoalOrder.Binding("f", "prepare-package", List.of("generate-factory")),
                new GoalOrder.Binding("p", null, List.of("populate-var")));
        assertTrue(GoalOrder.populateRunsAfter(b, "f"));
        assertFalse(GoalOrder.populateRunsAfter(List.of(b.get(1), new GoalOrder.Binding("f", null,
                List.of("generate-factory"))), "f"));
        assertFalse(GoalOrder.populateRunsAfter(List.of(new GoalOrder.Binding("x", "package",
                List.of("populate-var", "generate-factory"))), "x"), "one execution runs its goals in order");
    }
}
