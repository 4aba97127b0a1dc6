package dev.hflogin.keycloak.it.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.AdminClient;
import dev.hflogin.keycloak.it.MissingTool;
import dev.hflogin.keycloak.it.Ports;
import dev.hflogin.keycloak.it.TestSettings;
import dev.hflogin.keycloak.it.standin.DemoUsers;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.ListenAddress;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's production image, for real (-Pcontainer): {@code src/docker/Dockerfile} built on the
 * Keycloak image of the version under test (the official one, or the local one where it cannot be
 * pulled), then started as an operator would, {@code start --optimized} on PostgreSQL with a hostname
 * and the demo realm imported; a user signs in through Hugging Face (the stand-in, over https on
 * Docker's bridge, its certificate trusted through {@code KC_TRUSTSTORE_PATHS}).
 */
class ProductionImageIT {

    private static final Path DOCKERFILE = Path.of("src/docker/Dockerfile");
    private static final Path REALM_FILE = Path.of("src/docker/realm-huggingface-demo.json");
    /** Keycloak prints this when it runs its build step at start, which an optimized start never does. */
    private static final String AUGMENTATION = "Updating the configuration and installing your custom providers";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(6);
    private static final Duration READY_LIMIT = Duration.ofMinutes(4);
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(1);

    @Test
    void givenTheProductionImage_whenStartedOptimizedOnPostgres_thenItIsReadyWithTheProviderAndAUserSignsIn() throws Exception {
        Path logDir = TestSettings.logDir();
        Path log = logDir.resolve("production-image.log");
        MissingTool.skipUnless(DockerEngine.available(log), "docker", "the production image " + DockerEngine.MISSING);

        String base = ContainerImages.keycloak(TestSettings.keycloakVersion(), TestSettings.distZip(),
                logDir.resolve("local-images.log"));
        String postgresImage = ContainerImages.postgres(logDir.resolve("local-images.log"));
        String run = "hflogin-it-" + DockerComposeUpIT.randomHex(4);
        String image = run + "-keycloak-hf:" + TestSettings.keycloakVersion();
        InetAddress gateway = DockerEngine.bridgeGateway(log);
        StandInCertificate certificate = StandInCertificate.ofThisRun(gateway, logDir.resolve("tls"));
        int port = Ports.free();
        int management = Ports.free();
        String keycloak = "http://127.0.0.1:" + port;
        String clientId = "production-app";
        String secret = DockerComposeUpIT.randomHex(16);
        List<String> containers = new ArrayList<>();
        try (HuggingFaceStandIn huggingFace = HuggingFaceStandIn.start(ListenAddress.https(gateway, certificate.serverContext()))) {
            huggingFace.registerApp(OAuthApp.confidential(clientId, secret,
                    keycloak + "/realms/" + DockerComposeUpIT.REALM + "/broker/huggingface/endpoint",
                    "openid", "profile", "email", "read-memberships"));
            huggingFace.addUser(DemoUsers.ada());

            // The README's build command, from the repository's root, on the image of the version under test.
            int colon = base.lastIndexOf(':');
            Instant buildStarted = Instant.now();
            docker(BUILD_LIMIT, log, "build", "-f", DOCKERFILE.toString(),
                    "--build-arg", "KEYCLOAK_IMAGE=" + base.substring(0, colon),
                    "--build-arg", "KEYCLOAK_VERSION=" + base.substring(colon + 1), "-t", image, ".");
            Duration built = Duration.between(buildStarted, Instant.now());

            docker(COMMAND_LIMIT, log, "network", "create", run);
            containers.add(run + "-postgres");
            docker(COMMAND_LIMIT, log, "run", "-d", "--name", run + "-postgres", "--network", run,
                    "--network-alias", "postgres", "-e", "POSTGRES_DB=keycloak", "-e", "POSTGRES_USER=keycloak",
                    "-e", "POSTGRES_PASSWORD=keycloak", postgresImage);

            containers.add(run + "-keycloak");
            Instant started = Instant.now();
            // As an operator runs it: runtime options only, the image's command (start --optimized) unchanged.
            docker(COMMAND_LIMIT, log, "run", "-d", "--name", run + "-keycloak", "--network", run,
                    "-p", "127.0.0.1:" + port + ":8080", "-p", "127.0.0.1:" + management + ":9000",
                    "-e", "KC_DB_URL=jdbc:postgresql://postgres:5432/keycloak",
                    "-e", "KC_DB_USERNAME=keycloak", "-e", "KC_DB_PASSWORD=keycloak",
                    "-e", "KC_HOSTNAME=" + keycloak, "-e", "KC_HTTP_ENABLED=true",
                    "-e", "KC_BOOTSTRAP_ADMIN_USERNAME=admin", "-e", "KC_BOOTSTRAP_ADMIN_PASSWORD=admin",
                    "-e", "KC_TRUSTSTORE_PATHS=/opt/keycloak/conf/truststores/hf-standin.pem",
                    "-v", certificate.pem().toAbsolutePath() + ":/opt/keycloak/conf/truststores/hf-standin.pem:ro",
                    "-e", "HF_CLIENT_ID=" + clientId, "-e", "HF_CLIENT_SECRET=" + secret, "-e", "HF_BASE_URL=" + huggingFace.baseUrl(),
                    "-v", REALM_FILE.toAbsolutePath() + ":/opt/keycloak/data/import/realm-huggingface-demo.json:ro",
                    image, "start", "--optimized", "--import-realm");
            awaitReady(management, run + "-keycloak", log);
            Duration ready = Duration.between(started, Instant.now());

            String startLog = docker(COMMAND_LIMIT, log, "logs", run + "-keycloak").output();
            assertFalse(startLog.contains(AUGMENTATION), "an optimized start runs no build step:\n" + startLog);
            assertTrue(startLog.contains("started in"), startLog);
            assertEquals("[\"start\",\"--optimized\"]", docker(COMMAND_LIMIT, log, "image", "inspect", "--format",
                    "{{json .Config.Cmd}}", image).lastLine(), "the image starts optimized by default");
            AdminClient admin = new AdminClient(keycloak);
            assertEquals("huggingface", admin.getJson("/realms/" + DockerComposeUpIT.REALM
                    + "/identity-provider/instances/huggingface").path("providerId").asText());

            DockerComposeUpIT.signIn(keycloak);
            JsonNode ada = DockerComposeUpIT.onlyUser(admin, "ada");
            assertEquals(DemoUsers.ADA_SUB, admin.getJson("/realms/" + DockerComposeUpIT.REALM + "/users/"
                    + ada.path("id").asText() + "/federated-identity").get(0).path("userId").asText());
            System.out.println("PRODUCTION-IMAGE: built in " + built.toSeconds() + " s on " + base
                    + ", start --optimized ready in " + ready.toSeconds() + " s");
        } finally {
            for (String container : containers) {
                BoundedCommand.of(COMMAND_LIMIT, "docker", "logs", container).run(log);
                BoundedCommand.of(COMMAND_LIMIT, "docker", "rm", "-f", "-v", container).run(log);
            }
            BoundedCommand.of(COMMAND_LIMIT, "docker", "network", "rm", run).run(log);
            BoundedCommand.of(COMMAND_LIMIT, "docker", "image", "rm", image).run(log);
        }
    }

    /** The docker CLI with the classic builder (a Docker engine 20.10 has no BuildKit front end here). */
    private static BoundedCommand.Result docker(Duration limit, Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return new BoundedCommand(command, limit, Map.of("DOCKER_BUILDKIT", "0"), Path.of(".")).run(log).orThrow();
    }

    /** Keycloak's readiness on the management port (health is enabled in the image's build). */
    private static void awaitReady(int management, String container, Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                        + "/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(2000);
        }
        BoundedCommand.of(COMMAND_LIMIT, "docker", "logs", container).run(log);
        throw new AssertionError("Keycloak's container not ready within " + READY_LIMIT + "; see " + log);
    }
}
