package dev.hflogin.keycloak.it.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Compose project: {@code docker compose} (the v2 plugin) where the docker command has it, else
 * {@code docker-compose} (v1.29, Debian's package), with the project name, the compose files and the
 * environment given once. Every call is bounded in time and logged.
 */
public final class ComposeCommand {

    private final List<String> program;
    private final List<String> files;
    private final String project;
    private final Map<String, String> environment;
    private final Path log;

    private ComposeCommand(List<String> program, List<String> files, String project, Map<String, String> environment, Path log) {
        this.program = program;
        this.files = files;
        this.project = project;
        this.environment = environment;
        this.log = log;
    }

    /** The Compose program this machine has, if any. */
    public static Optional<List<String>> program(Path log) {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            if (new BoundedCommand(version, Duration.ofSeconds(30), Map.of(), Path.of(".")).run(log).ok()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static ComposeCommand project(List<String> program, String project, List<Path> files,
                                         Map<String, String> environment, Path log) {
        return new ComposeCommand(program, files.stream().map(Path::toString).toList(), project, environment, log);
    }

    /** {@code <compose> -p PROJECT -f FILE... ARGUMENTS}, from the project's top folder. */
    public BoundedCommand.Result run(Duration limit, String... arguments) {
        List<String> command = new ArrayList<>(program);
        command.add("-p");
        command.add(project);
        for (String file : files) {
            command.add("-f");
            command.add(file);
        }
        command.addAll(List.of(arguments));
        return new BoundedCommand(command, limit, environment, Path.of(".")).run(log);
    }

    /** The container ID of a service (empty when it has none). */
    public String containerOf(String service) {
        BoundedCommand.Result ps = run(Duration.ofSeconds(30), "ps", "-q", service).orThrow();
        return ps.output().isBlank() ? "" : ps.lastLine();
    }

    public String project() {
        return project;
    }
}
