package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.demo.DemoRealm;
import dev.hflogin.keycloak.it.standin.DemoUsers;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml cannot run here (no Docker), so what can go stale is checked instead: the
 * image tag, the mounted files, and the realm file, imported into the test Keycloak and used to
 * sign in.
 */
@ExtendWith(LiveEnvironment.class)
class DockerComposeIT {

    private static final Path COMPOSE = Path.of("docker-compose.yml");

    @Test
    void givenComposeFile_thenItRunsTheKeycloakVersionThePomTestsAndMountsFilesThatExist() throws IOException {
        String compose = Files.readString(COMPOSE);
        Matcher image = Pattern.compile("image:\\s*quay\\.io/keycloak/keycloak:(\\S+)").matcher(compose);
        assertTrue(image.find(), "compose file names the official Keycloak image");
        Matcher pomVersion = Pattern.compile("<keycloak\\.server\\.version>([^<]+)</keycloak\\.server\\.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(pomVersion.find(), "pom.xml defines keycloak.server.version");
        assertEquals(pomVersion.group(1), image.group(1), "image tag = keycloak.server.version in pom.xml");

        Matcher mount = Pattern.compile("-\\s*\\./(\\S+?):(/opt/keycloak/\\S+?)(:ro)?\\s*$", Pattern.MULTILINE).matcher(compose);
        List<String> mounted = new ArrayList<>();
        while (mount.find()) {
            assertTrue(Files.isRegularFile(Path.of(mount.group(1))), "mounted file exists after mvn package: " + mount.group(1));
            mounted.add(mount.group(2));
        }
        assertTrue(mounted.contains("/opt/keycloak/providers/keycloak-huggingface.jar"), mounted.toString());
        assertTrue(mounted.stream().anyMatch(m -> m.startsWith("/opt/keycloak/data/import/")), mounted.toString());
        assertTrue(compose.contains("postgres"), "PostgreSQL service");
        assertTrue(compose.contains("healthcheck"), "health checks");
    }

    @Test
    void givenComposeRealmFile_whenImportedIntoKeycloak_thenItsHuggingFaceLoginWorks() {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        String name = "compose-" + UUID.randomUUID().toString().substring(0, 6);
        String clientId = "compose-app-" + name;
        String secret = "compose-secret";
        String brokerUri = env.keycloak().baseUrl() + "/realms/" + name + "/broker/huggingface/endpoint";
        env.huggingFace().registerApp(OAuthApp.confidential(clientId, secret, brokerUri, "openid", "profile", "email"));
        env.huggingFace().addUser(DemoUsers.grace());

        new DemoRealm(env.admin(), name).create(clientId, secret, env.huggingFace().baseUrl());
        JsonNode idp = env.admin().getJson("/realms/" + name + "/identity-provider/instances/huggingface");
        assertEquals(clientId, idp.get("config").get("clientId").asText(), "placeholder resolved");
        assertEquals(3, env.admin().getJson("/realms/" + name + "/identity-provider/instances/huggingface/mappers").size());

        try (Browser browser = new Browser()) {
            // The account console is a JavaScript app; its login request is what the browser would send.
            HtmlPage login = browser.open(env.keycloak().baseUrl() + "/realms/" + name
                    + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                    + "&redirect_uri=" + AdminClient.encode(env.keycloak().baseUrl() + "/realms/" + name + "/account/")
                    + "&code_challenge=" + "x".repeat(43) + "&code_challenge_method=S256");
            HtmlPage consent = Browser.click(login, SignInFlow.HF_BUTTON);
            HtmlPage end = SignInFlow.allowAs(consent, "grace");
            assertTrue(end.getUrl().toString().startsWith(env.keycloak().baseUrl() + "/realms/" + name + "/account/?"),
                    end.getUrl() + "\n" + end.asNormalizedText());
            assertTrue(Browser.queryParameter(end, "code").isPresent(), "the account console got a code");
        }
        assertEquals("grace@example.com", env.admin().getJson("/realms/" + name + "/users?username=grace&exact=true").get(0).get("email").asText());
    }
}
