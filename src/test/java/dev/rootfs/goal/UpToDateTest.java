package dev.rootfs.goal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The up-to-date chain on a pipeline shaped like a firmware build: a goal that builds the root from a project
 * folder, one that changes it in place and depends on what the first left (it moves a file, as generate-factory
 * moves /var), and one that only reads it and writes a file beside it. Each case runs the pipeline, changes one
 * thing and checks exactly which goals run again.
 */
class UpToDateTest {
    @TempDir
    Path tmp;
    Path root;
    Path metadata;
    Path input;
    Path output;
    final List<String> ran = new ArrayList<>();

    @BeforeEach
    void dirs() throws Exception {
        root = tmp.resolve("rootfs");
        metadata = tmp.resolve("rootfs.mtree");
        input = Files.createDirectories(tmp.resolve("src/rootfs"));
        Files.writeString(input.resolve("app.conf"), "a=1\n");
        output = tmp.resolve("listing.txt");
    }

    /** Copies the project folder into a fresh root. */
    final class Build implements Goal<Integer> {
        @Override
        public String name() {
            return "build";
        }

        @Override
        public List<Path> inputs() {
            return List.of(input);
        }

        @Override
        public boolean buildsRoot() {
            return true;
        }

        @Override
        public Integer run(GoalRun run) throws IOException {
            ran.add(name());
            Files.createDirectories(root.resolve("var"));
            try (Stream<Path> s = Files.list(root.resolve("var"))) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.copy(input.resolve("app.conf"), root.resolve("var/app.conf"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(root.resolve("factory.conf"));
            return 1;
        }

        @Override
        public String summary(Integer r, GoalRun run) {
            return "built";
        }
    }

    /** Moves /var/app.conf away: run a second time on its own output it would fail, as the factory would. */
    class Move implements Goal<Integer> {
        @Override
        public String name() {
            return "move";
        }

        @Override
        public Integer run(GoalRun run) throws IOException {
            ran.add(name());
            Files.move(root.resolve("var/app.conf"), root.resolve("factory.conf"));
            return 1;
        }

        @Override
        public String summary(Integer r, GoalRun run) {
            return "moved";
        }
    }

    /** Lists the root into a file beside it. */
    final class ListRoot implements Goal<Integer> {
        @Override
        public String name() {
            return "list";
        }

        @Override
        public List<Output> outputs() {
            return List.of(new Output("listing", output));
        }

        @Override
        public boolean changesRoot() {
            return false;
        }

        @Override
        public Integer run(GoalRun run) throws IOException {
            ran.add(name());
            try (Stream<Path> s = Files.walk(root)) {
                Files.writeString(output, String.join("\n", s.map(p -> root.relativize(p).toString()).sorted()
                        .toList()));
            }
            return 1;
        }

        @Override
        public String summary(Integer r, GoalRun run) {
            return "listed";
        }
    }

    private List<String> pipeline(String listConfig, boolean force) throws Exception {
        ran.clear();
        Files.createDirectories(root);
        GoalContext ctx = GoalContext.of(root, metadata);
        GoalFrame.run(ctx.withUpToDateChecks("build-config", force), new Build());
        GoalFrame.run(ctx.withUpToDateChecks("move-config", force), new Move());
        GoalFrame.run(ctx.withUpToDateChecks(listConfig, force), new ListRoot());
        return List.copyOf(ran);
    }

    @Test
    void aSecondRunWithNothingChangedDoesNothingAndRewritesNothing() throws Exception {
        assertEquals(List.of("build", "move", "list"), pipeline("list-config", false));
        FileTime written = Files.getLastModifiedTime(output);
        assertEquals(List.of(), pipeline("list-config", false));
        assertEquals(written, Files.getLastModifiedTime(output));
        assertEquals(List.of(), pipeline("list-config", false));
    }

    @Test
    void aChangedInputRebuildsTheRootAndEverythingAfter() throws Exception {
        pipeline("list-config", false);
        Files.writeString(input.resolve("app.conf"), "a=22\n");
        assertEquals(List.of("build", "move", "list"), pipeline("list-config", false));
        assertEquals("a=22\n", Files.readString(root.resolve("factory.conf")));
        assertEquals(List.of(), pipeline("list-config", false));
    }

    @Test
    void aChangedParameterOfAGoalThatOnlyReadsRerunsOnlyThatGoal() throws Exception {
        pipeline("list-config", false);
        assertEquals(List.of("list"), pipeline("list-config-2", false));
        assertEquals(List.of(), pipeline("list-config-2", false));
    }

    @Test
    void aDeletedOutputIsWrittenAgain() throws Exception {
        pipeline("list-config", false);
        Files.delete(output);
        assertEquals(List.of("list"), pipeline("list-config", false));
    }

    @Test
    void aRootChangedByHandIsBuiltAgain() throws Exception {
        pipeline("list-config", false);
        Files.writeString(root.resolve("factory.conf"), "edited\n");
        assertEquals(List.of("build", "move", "list"), pipeline("list-config", false));
    }

    @Test
    void aChangedMetadataFileCountsAsAChangedRoot() throws Exception {
        pipeline("list-config", false);
        Files.writeString(metadata, Files.readString(metadata) + "./var type=dir mode=0700\n");
        assertEquals(List.of("build", "move", "list"), pipeline("list-config", false));
    }

    @Test
    void forceRunsEverything() throws Exception {
        pipeline("list-config", false);
        assertEquals(List.of("build", "move", "list"), pipeline("list-config", true));
    }

    @Test
    void aFailedRunRecordsNothing() throws Exception {
        pipeline("list-config", false);
        Files.writeString(input.resolve("app.conf"), "changed\n");
        GoalContext ctx = GoalContext.of(root, metadata);
        GoalFrame.run(ctx.withUpToDateChecks("build-config", false), new Build());
        Goal<Integer> failing = new Move() {
            @Override
            public Integer run(GoalRun run) throws IOException {
                super.run(run);
                throw new IOException("killed half way");
            }
        };
        assertThrows(IOException.class, () -> GoalFrame.run(ctx.withUpToDateChecks("move-config", false), failing));
        assertEquals(List.of("build", "move", "list"), pipeline("list-config", false));
    }

    @Test
    void withoutAConfigurationEveryGoalRuns() throws Exception {
        GoalContext ctx = GoalContext.of(Files.createDirectories(root), metadata);
        GoalFrame.run(ctx, new Build());
        ran.clear();
        assertEquals(1, GoalFrame.run(ctx, new Build()));
        assertEquals(List.of("build"), ran);
        assertEquals(1, GoalFrame.run(ctx.withUpToDateChecks("c", false), new Build()));
        assertNull(GoalFrame.run(ctx.withUpToDateChecks("c", false), new Build()), "skipped: no result");
    }
}
