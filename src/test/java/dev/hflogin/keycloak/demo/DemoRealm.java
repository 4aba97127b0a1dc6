package dev.hflogin.keycloak.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.it.AdminClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo realm: the very file docker-compose imports (src/docker/realm-huggingface-demo.json),
 * sent through the admin API with its ${HF_CLIENT_ID}/${HF_CLIENT_SECRET} placeholders filled in.
 */
public final class DemoRealm {

    public static final Path REALM_FILE = Path.of("src/docker/realm-huggingface-demo.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** ${NAME:default}: upper-case names only, as the user profile's ${username} message keys are not placeholders. */
    private static final Pattern DEFAULTED_PLACEHOLDER = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*:([^}]*)}");

    private final AdminClient admin;
    private final String name;

    public DemoRealm(AdminClient admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    /** @param baseUrl the Hugging Face URL, or null for huggingface.co */
    public void create(String clientId, String clientSecret, String baseUrl) {
        // The user profile comes with the file (first and last name optional, HF has one name string).
        admin.post("/realms", representation(name, clientId, clientSecret, baseUrl)).expect(201);
    }

    /**
     * What {@link #create} sends: the file, renamed, and pointed at {@code baseUrl} when one is given
     * (the run command's stand-in). Nothing else differs from what docker compose imports.
     */
    public static ObjectNode representation(String name, String clientId, String clientSecret, String baseUrl) {
        ObjectNode realm = read(clientId, clientSecret);
        realm.put("realm", name);
        if (baseUrl != null) {
            ((ObjectNode) realm.withArray("identityProviders").get(0).get("config")).put("baseUrl", baseUrl);
        }
        return realm;
    }

    /**
     * The realm file with its placeholders resolved, as Keycloak's --import-realm would with only
     * HF_CLIENT_ID and HF_CLIENT_SECRET set: a placeholder with a default ({@code ${HF_BASE_URL:...}}) takes it.
     */
    public static ObjectNode read(String clientId, String clientSecret) {
        try {
            String json = Files.readString(REALM_FILE)
                    .replace("${HF_CLIENT_ID}", clientId)
                    .replace("${HF_CLIENT_SECRET}", clientSecret);
            json = DEFAULTED_PLACEHOLDER.matcher(json).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
