package dev.hflogin.keycloak.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run command's realm and the compose realm are the same settings: the run command sends the file
 * docker compose imports, differing only in the Hugging Face URL when it runs against the stand-in.
 */
class DemoRealmTest {

    @Test
    void givenTheRunCommandsRealm_thenItIsTheComposeRealmFileWithOnlyTheStandInsUrlAdded() {
        ObjectNode file = DemoRealm.read("id", "secret");
        ObjectNode run = DemoRealm.representation(RunKeycloak.REALM, "id", "secret", "http://127.0.0.1:8085");

        assertEquals(file.get("realm").asText(), RunKeycloak.REALM, "the same realm name");
        assertEquals("https://huggingface.co", baseUrl(file), "the file points at Hugging Face unless HF_BASE_URL says otherwise");
        assertEquals("http://127.0.0.1:8085", baseUrl(run), "the run command points it at the stand-in");
        assertEquals(withoutUrl(file), withoutUrl(run), "nothing but the Hugging Face URL differs");
        assertEquals(file, DemoRealm.representation(RunKeycloak.REALM, "id", "secret", null), "against real HF: the file");
    }

    private static String baseUrl(ObjectNode realm) {
        return realm.get("identityProviders").get(0).get("config").path("baseUrl").asText();
    }

    private static ObjectNode withoutUrl(ObjectNode realm) {
        ObjectNode copy = realm.deepCopy();
        ((ObjectNode) copy.get("identityProviders").get(0).get("config")).remove("baseUrl");
        return copy;
    }

    @Test
    void givenTheDemoRealm_thenItShowsOrganizationsAsGroupsAndKeycloakOrganizationsAndTheAvatar() {
        JsonNode realm = DemoRealm.read("id", "secret");
        assertTrue(realm.get("organizationsEnabled").asBoolean(), "Organizations on, so HF orgs become Keycloak organizations");
        List<String> mappers = new ArrayList<>();
        realm.get("identityProviderMappers").forEach(m -> mappers.add(m.get("identityProviderMapper").asText()
                + (m.get("config").has("jsonField") ? ":" + m.get("config").get("jsonField").asText() : "")));
        assertTrue(mappers.containsAll(List.of("huggingface-user-attribute-mapper:picture",
                "huggingface-organization-group-mapper", "huggingface-organization-member-mapper")), mappers.toString());
    }
}
