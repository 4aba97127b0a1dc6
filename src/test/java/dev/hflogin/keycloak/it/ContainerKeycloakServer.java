package dev.hflogin.keycloak.it;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * Keycloak from the official image through testcontainers-keycloak ({@code -Dkeycloak.runtime=container}),
 * for machines with Docker. Host networking keeps one address for the browser, Keycloak and the
 * Hugging Face stand-in alike (127.0.0.1), as the distribution runtime has; that needs Docker on Linux.
 */
final class ContainerKeycloakServer implements KeycloakServer {

    private final KeycloakContainer container;
    private final String baseUrl;
    private final Path logFile;
    private final String version;

    private ContainerKeycloakServer(KeycloakContainer container, String baseUrl, Path logFile, String version) {
        this.container = container;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.version = version;
    }

    @SuppressWarnings("resource")
    static ContainerKeycloakServer start(String version, Path providerJar, Path logDir) {
        int httpPort = Ports.free();
        int managementPort = Ports.free();
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("keycloak-container-" + version + ".log");
            Files.deleteIfExists(log);
            KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + version)
                    .withProviderLibsFrom(List.of(providerJar.toFile()))
                    .withNetworkMode("host")
                    .withCustomCommand("--http-host=127.0.0.1 --http-port=" + httpPort
                            + " --http-management-port=" + managementPort + " --db=dev-mem"
                            + " --features=" + DistributionKeycloakServer.FEATURES)
                    .waitingFor(Wait.forLogMessage(".*Listening on: http.*", 1))
                    .withStartupTimeout(Duration.ofMinutes(4));
            container.withLogConsumer(frame -> append(log, frame));
            container.start();
            return new ContainerKeycloakServer(container, "http://127.0.0.1:" + httpPort, log, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path log, OutputFrame frame) {
        try {
            Files.writeString(log, frame.getUtf8String(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // losing a log line must not fail the test run
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

    @Override
    public void close() {
        container.stop();
    }
}
