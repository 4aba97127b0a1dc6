package dev.hflogin.keycloak.it.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.AdminClient;
import dev.hflogin.keycloak.it.Browser;
import dev.hflogin.keycloak.it.MissingTool;
import dev.hflogin.keycloak.it.Ports;
import dev.hflogin.keycloak.it.SignInFlow;
import dev.hflogin.keycloak.it.TestSettings;
import dev.hflogin.keycloak.it.standin.DemoUsers;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.ListenAddress;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's {@code docker compose up}, for real (-Pcontainer): docker-compose.yml brings up
 * Keycloak and PostgreSQL (the official images, or the local ones where they cannot be pulled), the
 * realm file is imported, a user signs in through Hugging Face (the stand-in, which the compose file
 * is pointed at by HF_BASE_URL and a test-only override trusting its certificate), Keycloak's
 * container restarts and the user is still there: PostgreSQL kept it. Then {@code down -v}.
 */
class DockerComposeUpIT {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path STAND_IN_OVERRIDE = Path.of("src/test/docker/compose-standin.yml");
    static final String REALM = "huggingface-demo";
    private static final Duration UP_LIMIT = Duration.ofMinutes(6);
    private static final Duration HEALTHY_LIMIT = Duration.ofMinutes(5);
    private static final Duration DOWN_LIMIT = Duration.ofMinutes(2);

    @Test
    void givenComposeUp_whenAUserSignsInAndKeycloakRestarts_thenTheUserIsStillThere() throws Exception {
        Path logDir = TestSettings.logDir();
        Path log = logDir.resolve("docker-compose.log");
        MissingTool.skipUnless(DockerEngine.available(log), "docker", "docker compose up " + DockerEngine.MISSING);
        Optional<List<String>> program = ComposeCommand.program(log);
        MissingTool.skipUnless(program.isPresent(), "docker-compose", "needs `docker compose` (v2) or `docker-compose` "
                + "(Debian's docker-compose package, installed by .ci/run)");

        InetAddress gateway = DockerEngine.bridgeGateway(log);
        StandInCertificate certificate = StandInCertificate.ofThisRun(gateway, logDir.resolve("tls"));
        int port = Ports.free();
        String keycloak = "http://127.0.0.1:" + port;
        String clientId = "compose-app";
        String secret = randomHex(16);
        try (HuggingFaceStandIn huggingFace = HuggingFaceStandIn.start(ListenAddress.https(gateway, certificate.serverContext()))) {
            // The realm file's organizations mapper makes the provider ask for read-memberships too.
            huggingFace.registerApp(OAuthApp.confidential(clientId, secret,
                    keycloak + "/realms/" + REALM + "/broker/huggingface/endpoint",
                    "openid", "profile", "email", "read-memberships"));
            huggingFace.addUser(DemoUsers.ada());

            ComposeCommand compose = ComposeCommand.project(program.get(),
                    "hflogin-it-" + randomHex(4), // its own containers, network and volume: clashes with nothing
                    List.of(COMPOSE, STAND_IN_OVERRIDE), Map.of(
                            "KEYCLOAK_IMAGE", ContainerImages.keycloak(TestSettings.keycloakVersion(), TestSettings.distZip(),
                                    logDir.resolve("local-images.log")),
                            "POSTGRES_IMAGE", ContainerImages.postgres(logDir.resolve("local-images.log")),
                            "KEYCLOAK_PORT", String.valueOf(port),
                            "HF_CLIENT_ID", clientId,
                            "HF_CLIENT_SECRET", secret,
                            "HF_BASE_URL", huggingFace.baseUrl(),
                            "HF_STANDIN_CERTIFICATE", certificate.pem().toString()), log);
            try {
                compose.run(UP_LIMIT, "up", "-d").orThrow();
                String container = compose.containerOf("keycloak");
                awaitHealthy(container, log);
                AdminClient admin = new AdminClient(keycloak);
                assertEquals(huggingFace.baseUrl(), admin.getJson("/realms/" + REALM
                        + "/identity-provider/instances/huggingface").path("config").path("baseUrl").asText(),
                        "the imported realm points at the stand-in (HF_BASE_URL)");

                signIn(keycloak);
                JsonNode ada = onlyUser(admin, "ada");
                assertEquals("ada@example.com", ada.path("email").asText());
                List<String> groups = groupPaths(admin, ada);
                assertTrue(groups.contains("/huggingface/analytical-engines"), groups.toString());

                compose.run(DOWN_LIMIT, "restart", "keycloak").orThrow();
                awaitHealthy(container, log);
                JsonNode afterRestart = onlyUser(admin, "ada");
                assertEquals(ada.path("id").asText(), afterRestart.path("id").asText(), "same user after the restart");
                assertEquals(groups, groupPaths(admin, afterRestart), "and the same groups");
                assertEquals(DemoUsers.ADA_SUB, admin.getJson("/realms/" + REALM + "/users/" + ada.path("id").asText()
                        + "/federated-identity").get(0).path("userId").asText(), "still linked to the Hugging Face account");

                // Signing in again finds that user: the link to Hugging Face came back from PostgreSQL too.
                signIn(keycloak);
                assertEquals(ada.path("id").asText(), onlyUser(admin, "ada").path("id").asText());
                assertEquals(1, admin.getJson("/realms/" + REALM + "/users/count").asInt(), "no second user");
            } finally {
                compose.run(Duration.ofMinutes(1), "logs", "--no-color");
                compose.run(DOWN_LIMIT, "down", "-v", "--remove-orphans");
            }
        }
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** The account console's login, as its JavaScript would start it, through Hugging Face as ada. */
    static void signIn(String keycloak) {
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.open(keycloak + "/realms/" + REALM
                    + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                    + "&redirect_uri=" + AdminClient.encode(keycloak + "/realms/" + REALM + "/account/")
                    + "&code_challenge=" + "x".repeat(43) + "&code_challenge_method=S256");
            HtmlPage end = SignInFlow.allowAs(Browser.click(login, SignInFlow.HF_BUTTON), "ada");
            assertTrue(end.getUrl().toString().startsWith(keycloak + "/realms/" + REALM + "/account/?"),
                    end.getUrl() + "\n" + end.asNormalizedText());
            assertTrue(Browser.queryParameter(end, "code").isPresent(), "the account console got a code");
        }
    }

    static JsonNode onlyUser(AdminClient admin, String username) {
        JsonNode users = admin.getJson("/realms/" + REALM + "/users?username=" + username + "&exact=true");
        assertEquals(1, users.size(), users.toString());
        return users.get(0);
    }

    private static List<String> groupPaths(AdminClient admin, JsonNode user) {
        List<String> paths = new ArrayList<>();
        admin.getJson("/realms/" + REALM + "/users/" + user.path("id").asText() + "/groups")
                .forEach(group -> paths.add(group.path("path").asText()));
        return paths.stream().sorted().toList();
    }

    /** The compose file's health check (Keycloak's readiness on its management port) says healthy. */
    private static void awaitHealthy(String container, Path log) throws InterruptedException {
        Instant deadline = Instant.now().plus(HEALTHY_LIMIT);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            status = BoundedCommand.of(Duration.ofSeconds(30), "docker", "inspect", "--format",
                    "{{.State.Health.Status}}", container).run(log).lastLine();
            if (status.equals("healthy")) {
                return;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("Keycloak's container not healthy within " + HEALTHY_LIMIT + " (last: " + status
                + "); see " + log);
    }
}
