package dev.hflogin.keycloak.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.it.AdminClient;
import dev.hflogin.keycloak.it.TestRealm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an operator sees of a realm through the admin API, the parts a restart or a restore must
 * keep: the Hugging Face provider and its mappers, the organizations, and every user with their IDs,
 * attributes, groups, realm roles, organizations and Hugging Face links. Lists are sorted, so two
 * reads compare equal when the server holds the same data.
 */
record RealmState(JsonNode provider, Map<String, JsonNode> mappers, Map<String, JsonNode> organizations,
                  Map<String, JsonNode> users) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RealmState read(AdminClient admin, String realm) {
        String base = "/realms/" + realm;
        String idp = base + "/identity-provider/instances/" + TestRealm.IDP_ALIAS;
        Map<String, JsonNode> mappers = byKey(admin.getJson(idp + "/mappers"), "name");
        Map<String, JsonNode> organizations = byKey(admin.getJson(base + "/organizations?max=1000&briefRepresentation=false"), "alias");
        Map<String, List<String>> membersByOrg = new TreeMap<>();
        organizations.values().forEach(org -> membersByOrg.put(org.get("alias").asText(),
                texts(admin.getJson(base + "/organizations/" + org.get("id").asText() + "/members?max=1000"), "id")));

        Map<String, JsonNode> users = new TreeMap<>();
        for (JsonNode found : admin.getJson(base + "/users?max=1000&briefRepresentation=false")) {
            String id = found.get("id").asText();
            ObjectNode user = JSON.createObjectNode();
            for (String field : List.of("id", "username", "email", "firstName", "lastName", "emailVerified", "enabled",
                    "createdTimestamp")) {
                user.set(field, found.get(field));
            }
            user.set("attributes", sortedAttributes(found.path("attributes")));
            user.set("groups", sorted(texts(admin.getJson(base + "/users/" + id + "/groups"), "path")));
            user.set("realmRoles", sorted(texts(admin.getJson(base + "/users/" + id + "/role-mappings/realm"), "name")));
            List<String> memberOf = new ArrayList<>();
            membersByOrg.forEach((alias, members) -> {
                if (members.contains(id)) {
                    memberOf.add(alias);
                }
            });
            user.set("organizations", sorted(memberOf));
            user.set("links", admin.getJson(base + "/users/" + id + "/federated-identity"));
            users.put(found.get("username").asText(), user);
        }
        return new RealmState(admin.getJson(idp), mappers, organizations, users);
    }

    /** Section by section, so a failure names what changed. */
    void assertSameAs(RealmState expected, String when) {
        assertEquals(expected.provider, provider, when + ": the provider's settings");
        assertEquals(expected.mappers, mappers, when + ": the provider's mappers");
        assertEquals(expected.organizations, organizations, when + ": the organizations");
        assertEquals(expected.users.keySet(), users.keySet(), when + ": the same users, no other");
        expected.users.forEach((username, user) -> assertEquals(user, users.get(username), when + ": user " + username));
    }

    JsonNode user(String username) {
        JsonNode user = users.get(username);
        if (user == null) {
            throw new AssertionError("no user " + username + " among " + users.keySet());
        }
        return user;
    }

    private static Map<String, JsonNode> byKey(JsonNode list, String key) {
        Map<String, JsonNode> map = new TreeMap<>();
        list.forEach(item -> map.put(item.get(key).asText(), item));
        return map;
    }

    private static List<String> texts(JsonNode list, String field) {
        List<String> values = new ArrayList<>();
        list.forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    private static ArrayNode sorted(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.stream().sorted().forEach(array::add);
        return array;
    }

    private static ObjectNode sortedAttributes(JsonNode attributes) {
        ObjectNode sorted = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        attributes.fieldNames().forEachRemaining(names::add);
        names.sort(Comparator.naturalOrder());
        for (String name : names) {
            sorted.set(name, sorted(texts(attributes.get(name))));
        }
        return sorted;
    }

    /** The texts of a JSON array, in its order. */
    static List<String> texts(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}
