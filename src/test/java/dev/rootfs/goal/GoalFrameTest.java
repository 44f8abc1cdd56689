package dev.rootfs.goal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.report.Log;
import dev.rootfs.report.Problem;
import dev.rootfs.report.ProblemsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoalFrameTest {
    @TempDir
    Path tmp;
    Path root;
    Path metadata;
    Path reports;
    final List<String> logged = new ArrayList<>();

    @BeforeEach
    void root() throws Exception {
        root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(root.resolve("etc"));
        metadata = tmp.resolve("rootfs.mtree");
        reports = tmp.resolve("reports");
    }

    private GoalContext ctx(boolean failOnError) {
        return GoalContext.of(root, metadata).withReportsDirectory(reports).withFailOnError(failOnError)
                .withLog(new Log() {
                    @Override
                    public void info(String m) {
                        logged.add("INFO " + m);
                    }

                    @Override
                    public void warn(String m) {
                        logged.add("WARN " + m);
                    }

                    @Override
                    public void debug(String m) {
                    }

                    @Override
                    public boolean isDebugEnabled() {
                        return false;
                    }
                });
    }

    /** Records /etc in the metadata, optionally reports a problem or refuses the input. */
    private record Sample(Problem problem, boolean refuse, Path output) implements Goal<Integer> {
        @Override
        public String name() {
            return "sample";
        }

        @Override
        public List<Output> outputs() {
            return output == null ? List.of() : List.of(new Output("sample output", output));
        }

        @Override
        public Integer run(GoalRun run) throws ProblemsException {
            if (refuse) {
                throw new ProblemsException("bad input, nothing was changed:", List.of(Problem.error("x.conf:3", "bad")));
            }
            run.metadata().put(MetaEntry.of("/etc").withType(FileType.DIR).withMode(0755).withOwner(0L, null)
                    .withGroup(0L, null));
            if (problem != null) {
                run.report().problem(problem);
            }
            run.report().count("applied");
            return 1;
        }

        @Override
        public String summary(Integer result, GoalRun run) {
            return "sample: " + run.report().summary();
        }
    }

    @Test
    void writesMetadataReportAndOneSummaryLine() throws Exception {
        assertEquals(1, GoalFrame.run(ctx(true), new Sample(null, false, null)));
        String md = Files.readString(metadata);
        assertTrue(md.contains("./etc type=dir mode=0755 uid=0 gid=0"), md);
        assertTrue(Files.readString(reports.resolve("sample.json")).contains("\"applied\": 1"));
        assertEquals(List.of("INFO sample: 1 applied"), logged);
    }

    @Test
    void errorsRecordedWhileWorkingFailAfterEverythingIsWrittenBack() throws Exception {
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> GoalFrame.run(ctx(true), new Sample(Problem.error("/etc/x", "cannot"), false, null)));
        assertTrue(e.getMessage().contains("/etc/x: cannot"), e.getMessage());
        assertTrue(Files.exists(metadata), "the work done is recorded");
        assertTrue(Files.readString(reports.resolve("sample.json")).contains("cannot"));
        logged.clear();
        GoalFrame.run(ctx(false), new Sample(Problem.error("/etc/x", "cannot"), false, null));
        assertEquals(List.of("INFO sample: 1 applied, 1 error", "WARN /etc/x: cannot"), logged);
    }

    @Test
    void refusedInputChangesNothingButIsReported() throws Exception {
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> GoalFrame.run(ctx(true), new Sample(null, true, null)));
        assertTrue(e.getMessage().contains("x.conf:3: bad"), e.getMessage());
        assertFalse(Files.exists(metadata));
        assertTrue(Files.readString(reports.resolve("sample.json")).contains("x.conf:3"));
    }

    @Test
    void outputsMetadataAndReportsInsideTheRootAreRefused() throws Exception {
        for (GoalContext c : List.of(ctx(true).withReportsDirectory(root.resolve("var/reports")),
                new GoalContext(root, root.resolve("etc/rootfs.mtree"), null,
                        dev.rootfs.fs.Ownership.NEVER, true, Log.SILENT))) {
            ProblemsException e = assertThrows(ProblemsException.class,
                    () -> GoalFrame.run(c, new Sample(null, false, null)));
            assertTrue(e.getMessage().contains("lies inside the root"), e.getMessage());
        }
        ProblemsException e = assertThrows(ProblemsException.class,
                () -> GoalFrame.run(ctx(true), new Sample(null, false, root.resolve("out.img"))));
        assertTrue(e.getMessage().startsWith("sample output "), e.getMessage());
        assertFalse(Files.exists(root.resolve("var")));
        assertFalse(Files.exists(metadata));
    }

    /** Reads the metadata like an archive: whatever it changes in memory, the file stays as it was. */
    private record Reader(Sample sample) implements Goal<Integer> {
        @Override
        public String name() {
            return "reader";
        }

        @Override
        public boolean writesMetadata() {
            return false;
        }

        @Override
        public Integer run(GoalRun run) throws ProblemsException, java.io.IOException {
            int n = sample.run(run);
            run.saveMetadata();
            return n;
        }

        @Override
        public String summary(Integer result, GoalRun run) {
            return "read";
        }
    }

    @Test
    void aGoalThatOnlyReadsLeavesTheMetadataFileAlone() throws Exception {
        Files.writeString(metadata, "#mtree\n./etc type=dir mode=0700 uid=0 gid=0\n");
        String before = Files.readString(metadata);
        GoalFrame.run(ctx(true), new Reader(new Sample(null, false, null)));
        assertEquals(before, Files.readString(metadata));
    }

    @Test
    void aGoalSavesItsRecordsMidWayAndFinishesWhatAnEarlierRunLeft() throws Exception {
        List<String> seen = new ArrayList<>();
        Goal<Integer> goal = new Goal<>() {
            @Override
            public String name() {
                return "steps";
            }

            @Override
            public void recover(GoalContext context, dev.rootfs.fs.TargetRoot r, dev.rootfs.fs.MetadataFile file)
                    throws java.io.IOException {
                seen.add("recover, metadata " + (Files.exists(file.path()) ? "present" : "absent"));
            }

            @Override
            public Integer run(GoalRun run) throws java.io.IOException {
                run.metadata().put(MetaEntry.of("/etc").withType(FileType.DIR).withMode(0700).withOwner(0L, null)
                        .withGroup(0L, null));
                run.saveMetadata();
                seen.add("saved: " + Files.readString(metadata).contains("./etc type=dir mode=0700"));
                return 0;
            }

            @Override
            public String summary(Integer result, GoalRun run) {
                return "steps";
            }
        };
        GoalFrame.run(ctx(true), goal);
        assertEquals(List.of("recover, metadata absent", "saved: true"), seen);
    }

    @Test
    void aRefusalRepeatingProblemsAlreadyReportedListsEachOnce() throws Exception {
        Problem p = Problem.error("x.conf:1", "bad");
        Goal<Integer> goal = new Goal<>() {
            @Override
            public String name() {
                return "twice";
            }

            @Override
            public Integer run(GoalRun run) throws ProblemsException {
                run.report().problem(p);
                throw new ProblemsException("refused:", List.of(p));
            }

            @Override
            public String summary(Integer result, GoalRun run) {
                return "";
            }
        };
        assertThrows(ProblemsException.class, () -> GoalFrame.run(ctx(true), goal));
        String json = Files.readString(reports.resolve("twice.json"));
        assertEquals(json.indexOf("x.conf:1"), json.lastIndexOf("x.conf:1"), json);
    }
}
