package dev.rootfs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the external commands of the tests (real tools, oracles, fixtures). Standard input, output and error
 * go through temporary files, so no pipe can fill up and block a tool that writes a lot.
 */
public final class Processes {
    private Processes() {
    }

    /** Output of a finished process. */
    public record Run(int exitCode, String stdout, String stderr) {
        /** Standard output followed by standard error, for messages. */
        public String output() {
            return stdout + stderr;
        }
    }

    public static Command command(List<String> argv) {
        return new Command(argv);
    }

    public static Command command(String... argv) {
        return new Command(List.of(argv));
    }

    /** Runs {@code command} in {@code cwd} (null: the current directory) with an empty standard input. */
    public static Run run(Path cwd, List<String> command) throws IOException, InterruptedException {
        return command(command).directory(cwd).run();
    }

    /** Runs {@code command} with {@code stdin} as its standard input. */
    public static Run run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        return command(command).stdin(stdin).run();
    }

    /** One command with its directory, input and environment changes. */
    public static final class Command {
        private final List<String> argv;
        private Path directory;
        private byte[] stdin = new byte[0];
        private Path stdinFile;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> unset = new ArrayList<>();

        private Command(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        public Command directory(Path dir) {
            this.directory = dir;
            return this;
        }

        public Command stdin(byte[] bytes) {
            this.stdin = bytes.clone();
            return this;
        }

        /** Reads standard input from {@code file} (an archive, say) instead of memory. */
        public Command stdin(Path file) {
            this.stdinFile = file;
            return this;
        }

        public Command stdin(String text) {
            return stdin(text.getBytes(StandardCharsets.UTF_8));
        }

        public Command env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Command unsetEnv(String... names) {
            unset.addAll(List.of(names));
            return this;
        }

        public Run run() throws IOException, InterruptedException {
            Path in = Files.createTempFile("tool", ".in");
            Path out = Files.createTempFile("tool", ".out");
            Path err = Files.createTempFile("tool", ".err");
            try {
                Files.write(in, stdin);
                ProcessBuilder pb = new ProcessBuilder(argv).directory(directory == null ? null : directory.toFile())
                        .redirectInput(stdinFile != null ? stdinFile.toFile() : in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
                unset.forEach(pb.environment()::remove);
                pb.environment().putAll(env);
                int rc = pb.start().waitFor();
                return new Run(rc, Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        /** Runs and requires exit 0; the failure names the command and carries its output. */
        public Run runOk() throws IOException, InterruptedException {
            Run r = run();
            if (r.exitCode() != 0) {
                throw new AssertionError(String.join(" ", argv) + " failed (exit " + r.exitCode() + "):\n"
                        + r.output());
            }
            return r;
        }
    }
}
