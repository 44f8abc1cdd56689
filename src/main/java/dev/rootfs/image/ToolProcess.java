package dev.rootfs.image;

import dev.rootfs.report.ProblemsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one image tool: its standard input fed by the caller (a tar stream) or closed, its output collected
 * for the error message, and a non-zero exit turned into a problem naming the command and the tool's words.
 */
final class ToolProcess {
    /** Writes the tool's standard input. */
    interface Feeder {
        void feed(OutputStream stdin) throws IOException, ProblemsException;
    }

    private ToolProcess() {
    }

    /** Runs {@code command} in {@code dir} with {@code env} added; returns what it printed (stdout and stderr). */
    static String run(List<String> command, Map<String, String> env, Path dir, Feeder feeder)
            throws IOException, ProblemsException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        // the tools' messages are parsed and shown; the build host's locale must not translate them
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process is gone; its exit code tells
            }
        }, command.get(0) + " output");
        drain.setDaemon(true);
        drain.start();
        IOException feedFailure = null;
        try (OutputStream stdin = p.getOutputStream()) {
            if (feeder != null) {
                feeder.feed(stdin);
            }
        } catch (IOException e) {
            // a tool that died early closes the pipe: its own message says why, so keep ours for later
            feedFailure = e;
        } catch (ProblemsException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        } finally {
            if (feedFailure == null && Thread.currentThread().isInterrupted()) {
                p.destroyForcibly();
            }
        }
        int rc;
        try {
            rc = p.waitFor();
            drain.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + command.get(0) + " ran", e);
        }
        String text = out.toString(StandardCharsets.UTF_8).strip();
        if (rc != 0) {
            throw new ProblemsException(Path.of(command.get(0)).getFileName() + " failed (exit " + rc + "): "
                    + String.join(" ", command) + (text.isEmpty() ? "" : "\n" + tail(text)));
        }
        if (feedFailure != null) {
            throw feedFailure;
        }
        return text;
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - 20);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }
}
