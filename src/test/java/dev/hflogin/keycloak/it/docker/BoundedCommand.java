package dev.hflogin.keycloak.it.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end within a time limit (killed past it), its output (stdout and stderr
 * together) appended to a log file and returned, for the docker, docker compose, keytool and image
 * build commands of the container tests.
 */
public record BoundedCommand(List<String> command, Duration limit, Map<String, String> environment, Path directory) {

    /** What the command printed and how it ended; exit code -1 when it could not start or ran out of time. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The output's last line (trimmed), e.g. the image name build.sh prints. */
        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1].strip();
        }

        public Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException(String.join(" ", command) + " ended with " + exitCode + ":\n" + tail());
            }
            return this;
        }

        private String tail() {
            String[] lines = output.split("\n");
            return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
        }
    }

    public static BoundedCommand of(Duration limit, String... command) {
        return new BoundedCommand(List.of(command), limit, Map.of(), Path.of("."));
    }

    public BoundedCommand withEnvironment(Map<String, String> extra) {
        return new BoundedCommand(command, limit, extra, directory);
    }

    /** Runs it; the output also goes to {@code log} (appended, under a line naming the command). */
    public Result run(Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Path output = Files.createTempFile(log.toAbsolutePath().getParent(), "command-", ".out");
            try {
                int exit = start(output);
                String text = Files.readString(output, StandardCharsets.UTF_8);
                Files.writeString(log, "$ " + String.join(" ", command) + "  (exit " + exit + ")\n" + text,
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return new Result(command, exit, text);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int start(Path output) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return -1; // not installed: the caller says what that means
        }
        try {
            if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return -1;
    }
}
