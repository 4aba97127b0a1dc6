package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.probe.TestProviders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keycloak started from its server distribution (the zip Maven unpacks under target/) as a local
 * process: no Docker needed. In-memory database, so every run starts clean.
 */
public final class DistributionKeycloakServer implements KeycloakServer {

    /** Ready in about 30 s on a quiet machine; generous, as a first start also augments and test machines are shared. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Keycloak's preview token exchange (v1) with the permissions it needs: the tests show what an
     * operator who switched it on gets (external tokens refused, stored tokens handed out live).
     */
    public static final String FEATURES = "token-exchange,admin-fine-grained-authz:v1";
    /**
     * Membership re-checks tick every 2 s instead of 60 s, so a test's short interval holds
     * (MembershipRecheckIT). Keycloak 26.3 introduced the {@code --spi-<spi>--<provider>--<option>}
     * spelling; 26.0-26.2 refuse to start with it and know only the single-dash one.
     */
    public static String recheckTickOption(String version) {
        String option = KeycloakVersion.atLeast(version, 26, 3)
                ? "--spi-social--huggingface--recheck-tick-seconds"
                : "--spi-social-huggingface-recheck-tick-seconds";
        return option + "=2";
    }
    /**
     * The same, with Identity Brokering API V2 (Keycloak 26.7+, the default from 27) in place of V1:
     * {@code POST /realms/{realm}/broker/{alias}/token} with client authentication.
     */
    public static final String FEATURES_BROKERING_V2 = FEATURES + ",identity-brokering-api:v2";

    private final Process process;
    private final String baseUrl;
    private final Path logFile;
    private final String version;

    private DistributionKeycloakServer(Process process, String baseUrl, Path logFile, String version) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.version = version;
    }

    public static DistributionKeycloakServer start(Path distDir, String version, Path providerJar, Path logDir) {
        return start(distDir, version, providerJar, logDir, Ports.free());
    }

    /** @param httpPort the port Keycloak listens on (127.0.0.1); the management port is any free one */
    public static DistributionKeycloakServer start(Path distDir, String version, Path providerJar, Path logDir, int httpPort) {
        return start(distDir, version, providerJar, logDir, httpPort, FEATURES, null, "keycloak-" + version + ".log");
    }

    /**
     * A second Keycloak with other features, next to the run's own: from a copy of the distribution
     * (start-dev rebuilds the distribution when features change, which must not happen under a running server).
     */
    public static DistributionKeycloakServer startCopy(Path distDir, String version, Path providerJar, Path logDir,
                                                       String copyName, String features, String featuresDisabled) {
        Path copy = distDir.resolve(copyName);
        copyDistribution(distDir.resolve("keycloak-" + version), copy.resolve("keycloak-" + version));
        return start(copy, version, providerJar, logDir, Ports.free(), features, featuresDisabled,
                "keycloak-" + version + "-" + copyName + ".log");
    }

    private static void copyDistribution(Path from, Path to) {
        if (Files.isExecutable(to.resolve("bin/kc.sh"))) {
            return; // copied by an earlier run; the provider JAR is replaced on start
        }
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DistributionKeycloakServer start(Path distDir, String version, Path providerJar, Path logDir, int httpPort,
                                                    String features, String featuresDisabled, String logName) {
        Path home = installProvider(distDir, version, providerJar);
        int managementPort = Ports.free();
        List<String> args = new ArrayList<>(List.of("start-dev"));
        args.addAll(database());
        args.addAll(List.of(
                "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                "--features=" + features,
                recheckTickOption(version),
                "--cache=local"));
        if (featuresDisabled != null) {
            args.add("--features-disabled=" + featuresDisabled);
        }
        return launch(home, version, args, logDir.resolve(logName), httpPort, managementPort);
    }

    /**
     * In-memory H2, or the PostgreSQL database {@code -Dit.db.url} names (a benchmark on a database reached over
     * TCP; user {@code -Dit.db.user}, default postgres, and {@code -Dit.db.password}). One database per run: for
     * runs without the second Keycloak, such as the benchmarks.
     */
    static List<String> database() {
        String url = System.getProperty("it.db.url", "");
        if (url.isBlank()) {
            return List.of("--db=dev-mem");
        }
        return List.of("--db=postgres", "--db-url=" + url, "--db-username=" + System.getProperty("it.db.user", "postgres"),
                "--db-password=" + System.getProperty("it.db.password", "postgres"));
    }

    /** The unpacked distribution with the provider JAR in providers/. */
    public static Path installProvider(Path distDir, String version, Path providerJar) {
        Path home = distDir.resolve("keycloak-" + version);
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + ": run through 'mvn verify', "
                    + "which unpacks org.keycloak:keycloak-quarkus-dist:" + version + ":zip there");
        }
        if (!Files.isRegularFile(providerJar)) {
            throw new IllegalStateException("Provider JAR missing: " + providerJar + " (run 'mvn verify', not just the test)");
        }
        try {
            Files.copy(providerJar, home.resolve("providers").resolve(providerJar.getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            TestProviders.install(home.resolve("providers")); // test-only listeners (OrganizationEventProbe)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /**
     * Runs {@code bin/kc.sh <arguments>} and waits until the management port reports ready.
     * The server listens on 127.0.0.1:httpPort; the bootstrap admin is admin/admin.
     */
    public static DistributionKeycloakServer launch(Path home, String version, List<String> arguments, Path log,
                                                    int httpPort, int managementPort) {
        try {
            Process process = kcCommand(home, arguments, log).start();
            DistributionKeycloakServer server =
                    new DistributionKeycloakServer(process, "http://127.0.0.1:" + httpPort, log, version);
            // From its first second: a test JVM stopped while Keycloak is still starting (a second Keycloak starts
            // in the background) must not leave it running. Closing twice is harmless.
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-keycloak-" + httpPort));
            try {
                server.awaitReady(managementPort);
            } catch (RuntimeException notReady) {
                server.close();
                throw notReady;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code bin/kc.sh <arguments>}, its output to the log; the bootstrap admin (admin/admin) is
     * created by whichever command first sets up an empty database.
     */
    public static ProcessBuilder kcCommand(Path home, List<String> arguments, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        builder.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1024m");
        return builder;
    }

    private void awaitReady(int managementPort) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException("Keycloak not ready within " + START_TIMEOUT + "; see " + logFile);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public String version() {
        return version;
    }

    /** The kc.sh process and the JVM it started, by PID. */
    public List<Long> pids() {
        List<Long> pids = new java.util.ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** A crash: SIGKILL to the JVM and kc.sh, by PID, no shutdown; waits (bounded) until they are gone. */
    public void kill() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            for (ProcessHandle child : tree) {
                child.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Keycloak still running after SIGKILL: " + pids(), e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM to the whole process tree (kc.sh starts java as a child), then SIGKILL if it lingers. */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
