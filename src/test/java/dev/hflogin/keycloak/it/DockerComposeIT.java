package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hflogin.keycloak.demo.DemoRealm;
import dev.hflogin.keycloak.it.standin.DemoUsers;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml as Compose reads it (YAML), without Docker: the image tag, the mounted files, the
 * database wiring, the environment the realm file needs, and the realm file itself, imported into the
 * test Keycloak and used to sign in. DockerComposeUpIT (-Pcontainer) runs the file for real.
 */
@ExtendWith(LiveEnvironment.class)
class DockerComposeIT {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    /**
     * Environment placeholders: upper case by convention. Keycloak's import keeps a placeholder it cannot
     * resolve as written, which is how the user profile's message keys (${username}) survive it.
     */
    private static final Pattern REALM_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:[^}]*)?}");

    @Test
    void givenComposeFile_thenItRunsTheKeycloakVersionThePomTestsAndMountsFilesThatExist() throws Exception {
        JsonNode keycloak = service("keycloak");
        // The official images unless KEYCLOAK_IMAGE / POSTGRES_IMAGE name others (the local ones, see the README).
        assertEquals("${KEYCLOAK_IMAGE:-quay.io/keycloak/keycloak:" + pomProperty("keycloak.server.version") + "}",
                keycloak.path("image").asText(), "image tag = keycloak.server.version in pom.xml");
        assertEquals("${POSTGRES_IMAGE:-postgres:16}", service("postgres").path("image").asText());
        assertTrue(strings(keycloak.path("command")).contains("--import-realm"), keycloak.path("command").toString());

        Map<String, String> mounts = new TreeMap<>(); // container path -> host path
        for (String volume : strings(keycloak.path("volumes"))) {
            String[] parts = volume.split(":");
            assertTrue(parts[0].startsWith("./"), "a file from this repository: " + volume);
            Path host = COMPOSE.toAbsolutePath().getParent().resolve(parts[0]).normalize();
            assertTrue(Files.isRegularFile(host), "mounted file exists after mvn package: " + parts[0]);
            mounts.put(parts[1], parts[0]);
        }
        assertEquals("./target/keycloak-huggingface.jar", mounts.get("/opt/keycloak/providers/keycloak-huggingface.jar"),
                mounts.toString());
        // The realm Compose imports is the file the second test imports and signs in with.
        assertEquals(List.of("./" + DemoRealm.REALM_FILE), mounts.entrySet().stream()
                .filter(m -> m.getKey().startsWith("/opt/keycloak/data/import/")).map(Map.Entry::getValue).toList(),
                mounts.toString());
    }

    @Test
    void givenComposeFile_thenKeycloakUsesThePostgresServiceWithItsCredentialsOnceItIsHealthy() throws Exception {
        JsonNode keycloak = service("keycloak").path("environment");
        JsonNode postgres = service("postgres");
        JsonNode db = postgres.path("environment");
        assertEquals("postgres", keycloak.path("KC_DB").asText());
        assertEquals("jdbc:postgresql://postgres:5432/" + db.path("POSTGRES_DB").asText(), keycloak.path("KC_DB_URL").asText());
        assertEquals(db.path("POSTGRES_USER").asText(), keycloak.path("KC_DB_USERNAME").asText());
        assertEquals(db.path("POSTGRES_PASSWORD").asText(), keycloak.path("KC_DB_PASSWORD").asText());
        assertEquals("service_healthy", service("keycloak").path("depends_on").path("postgres").path("condition").asText());
        assertFalse(postgres.path("healthcheck").path("test").isMissingNode(), "postgres has a health check to wait for");
        for (String volume : strings(postgres.path("volumes"))) {
            String name = volume.split(":")[0];
            assertTrue(compose().path("volumes").has(name), "named volume declared: " + name);
        }
    }

    @Test
    void givenRealmFilePlaceholders_thenComposeProvidesEachFromTheShellOfTheSameName() throws Exception {
        Set<String> required = new TreeSet<>();
        Set<String> defaulted = new TreeSet<>();
        Matcher placeholder = REALM_PLACEHOLDER.matcher(Files.readString(DemoRealm.REALM_FILE));
        while (placeholder.find()) {
            (placeholder.group(2) == null ? required : defaulted).add(placeholder.group(1));
        }
        assertEquals(Set.of("HF_CLIENT_ID", "HF_CLIENT_SECRET"), required, "what the README tells the user to set");
        // Hugging Face itself unless the tests point the realm at their stand-in.
        assertEquals(Set.of("HF_BASE_URL"), defaulted);
        JsonNode environment = service("keycloak").path("environment");
        for (String name : union(required, defaulted)) {
            // `HF_CLIENT_ID=... docker compose up` reaches Keycloak only if Compose passes it on.
            assertTrue(Pattern.matches("\\$\\{" + name + "(:?-[^}]*)?}", environment.path(name).asText()),
                    name + " in the keycloak service's environment, from the shell: " + environment);
        }
        // The realm the second test imports leaves none of them unresolved.
        assertFalse(REALM_PLACEHOLDER.matcher(DemoRealm.read("id", "secret").toString()).find(), "DemoRealm fills every placeholder");
    }

    @Test
    void givenComposeRealmFile_whenImportedIntoKeycloak_thenItsHuggingFaceLoginWorks() {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        String name = "compose-" + UUID.randomUUID().toString().substring(0, 6);
        String clientId = "compose-app-" + name;
        String secret = "compose-secret";
        String brokerUri = env.keycloak().baseUrl() + "/realms/" + name + "/broker/huggingface/endpoint";
        // The realm file's organizations mapper makes the provider ask for read-memberships, as the README says.
        env.huggingFace().registerApp(OAuthApp.confidential(clientId, secret, brokerUri,
                "openid", "profile", "email", "read-memberships"));
        env.huggingFace().addUser(DemoUsers.grace());

        new DemoRealm(env.admin(), name).create(clientId, secret, env.huggingFace().baseUrl());
        List<String> mappers = new ArrayList<>();
        env.admin().getJson("/realms/" + name + "/identity-provider/instances/huggingface/mappers")
                .forEach(m -> mappers.add(m.get("name").asText()));
        assertEquals(List.of("avatar", "organization-members", "organizations", "pro"), mappers.stream().sorted().toList(), "the realm file's mappers");

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

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static JsonNode compose() throws Exception {
        return new YAMLMapper().readTree(COMPOSE.toFile());
    }

    private static JsonNode service(String name) throws Exception {
        JsonNode service = compose().path("services").path(name);
        assertTrue(service.isObject(), "compose service " + name);
        return service;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** A property of pom.xml as written, not as a -D on this run may have overridden it. */
    private static String pomProperty(String name) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        // The project's own <properties> come first in the file; the profiles' follow.
        Element properties = (Element) pom.getDocumentElement().getElementsByTagName("properties").item(0);
        Node property = properties.getElementsByTagName(name).item(0);
        String value = property == null ? "" : property.getTextContent().trim();
        assertFalse(value.isEmpty(), "pom.xml defines " + name);
        return value;
    }
}
