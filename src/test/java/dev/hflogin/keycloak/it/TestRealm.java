package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.hflogin.keycloak.it.AdminClient.encode;

/**
 * A realm set up through the admin REST API the way an operator would: an application client, the
 * Hugging Face identity provider with client ID and secret, and mappers. One per test, so tests
 * never see each other's users.
 */
public final class TestRealm {

    public static final String CLIENT_ID = "test-app";
    public static final String CLIENT_SECRET = "test-app-secret";
    public static final String IDP_ALIAS = "huggingface";

    private final AdminClient admin;
    private final String name;
    private final String keycloakUrl;

    private TestRealm(AdminClient admin, String name, String keycloakUrl) {
        this.admin = admin;
        this.name = name;
        this.keycloakUrl = keycloakUrl;
    }

    /** A realm with events stored, unmanaged user attributes shown, and the test app as a confidential client. */
    public static TestRealm create(LiveEnvironment.Resources env) {
        String name = "hf-" + UUID.randomUUID().toString().substring(0, 8);
        AdminClient admin = env.admin();
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("eventsEnabled", true);
        realm.put("eventsListeners", List.of("jboss-logging"));
        // Every event type stored: Keycloak before 26.4 stores few error types by default.
        realm.put("enabledEventTypes", eventTypes(admin));
        admin.post("/realms", realm).expect(201);
        TestRealm created = new TestRealm(admin, name, env.keycloak().baseUrl());

        ObjectNode profile = (ObjectNode) admin.getJson("/realms/" + name + "/users/profile");
        profile.put("unmanagedAttributePolicy", "ENABLED");
        admin.put("/realms/" + name + "/users/profile", profile).expect(200);

        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT_ID);
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("secret", CLIENT_SECRET);
        client.put("standardFlowEnabled", true);
        client.put("redirectUris", List.of(env.app().redirectUri()));
        admin.post("/realms/" + name + "/clients", client).expect(201);
        return created;
    }

    /**
     * The same realm, administered through another admin client: after a restart or a restore, the
     * server answering at the same URL is another process, which does not know the old admin token.
     */
    public TestRealm through(AdminClient otherAdmin) {
        return new TestRealm(otherAdmin, name, keycloakUrl);
    }

    private static volatile List<String> eventTypes;

    private static List<String> eventTypes(AdminClient admin) {
        if (eventTypes == null) {
            List<String> types = new ArrayList<>();
            admin.getJson("/serverinfo").path("enums").path("eventType").forEach(type -> types.add(type.asText()));
            eventTypes = List.copyOf(types);
        }
        return eventTypes;
    }

    public String name() {
        return name;
    }

    /** The login URL the test app sends the browser to. */
    public String authorizationUrl(String redirectUri) {
        return keycloakUrl + "/realms/" + name + "/protocol/openid-connect/auth?client_id=" + CLIENT_ID
                + "&response_type=code&scope=openid&redirect_uri=" + encode(redirectUri) + "&state=app-state";
    }

    public String tokenUrl() {
        return keycloakUrl + "/realms/" + name + "/protocol/openid-connect/token";
    }

    public String brokerTokenUrl() {
        return keycloakUrl + "/realms/" + name + "/broker/" + IDP_ALIAS + "/token";
    }

    /** Redirect URI to register on the Hugging Face app: Keycloak's broker endpoint for the alias. */
    public String brokerRedirectUri() {
        return keycloakUrl + "/realms/" + name + "/broker/" + IDP_ALIAS + "/endpoint";
    }

    /** Adds the provider as an operator does: client ID and secret, plus any extra fields. */
    public AdminClient.Response addHuggingFace(String clientId, String clientSecret, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("clientId", clientId);
        config.put("clientSecret", clientSecret);
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", IDP_ALIAS);
        idp.put("providerId", "huggingface");
        idp.put("displayName", "Hugging Face");
        idp.put("enabled", true);
        extra.forEach((key, value) -> {
            if (List.of("trustEmail", "storeToken", "addReadTokenRoleOnCreate", "linkOnly", "hideOnLogin",
                    "firstBrokerLoginFlowAlias").contains(key)) {
                idp.put(key, value);
            } else {
                config.put(key, value);
            }
        });
        idp.put("config", config);
        return admin.post("/realms/" + name + "/identity-provider/instances", idp);
    }

    public void updateHuggingFaceConfig(Map<String, String> changes) {
        ObjectNode idp = (ObjectNode) identityProvider();
        ObjectNode config = (ObjectNode) idp.get("config");
        changes.forEach(config::put);
        admin.put("/realms/" + name + "/identity-provider/instances/" + IDP_ALIAS, idp).expect(204);
    }

    /** Store tokens on, and new users may read them (the broker read-token role): what an app calling the Hub needs. */
    public void storeHuggingFaceTokens() {
        ObjectNode idp = (ObjectNode) identityProvider();
        idp.put("storeToken", true);
        idp.put("addReadTokenRoleOnCreate", true);
        admin.put("/realms/" + name + "/identity-provider/instances/" + IDP_ALIAS, idp).expect(204);
    }

    /** A partial realm import that overwrites the provider as given: imports skip the provider's validation. */
    public void importOverwritingIdentityProvider(JsonNode identityProvider) {
        Map<String, Object> partial = new LinkedHashMap<>();
        partial.put("ifResourceExists", "OVERWRITE");
        partial.put("identityProviders", List.of(identityProvider));
        admin.post("/realms/" + name + "/partialImport", partial).expect(200);
    }

    /**
     * Switches the provider off, which ends its background re-checks. Cheaper for the tests beside this one than
     * deleting the realm: a realm deletion removes roles of the admin's, and Keycloak 26.0 answers an admin request
     * made at that moment with HTTP 500 ("Not found in database").
     */
    public void disableIdentityProvider() {
        ObjectNode idp = (ObjectNode) identityProvider();
        idp.put("enabled", false);
        admin.put("/realms/" + name + "/identity-provider/instances/" + IDP_ALIAS, idp).expect(204);
    }

    public JsonNode identityProvider() {
        return admin.getJson("/realms/" + name + "/identity-provider/instances/" + IDP_ALIAS);
    }

    public void addMapper(String mapperName, String mapperType, Map<String, String> config) {
        addMapper(null, mapperName, mapperType, config);
    }

    /**
     * @param id the mapper's ID, or null for one Keycloak makes: Keycloak applies a provider's mappers in
     *           the order of their IDs (JpaIdentityProviderStorageProvider#getMappersByAliasStream), so a
     *           test chooses the order with them
     */
    public void addMapper(String id, String mapperName, String mapperType, Map<String, String> config) {
        Map<String, Object> mapper = new LinkedHashMap<>();
        if (id != null) {
            mapper.put("id", id);
        }
        mapper.put("name", mapperName);
        mapper.put("identityProviderAlias", IDP_ALIAS);
        mapper.put("identityProviderMapper", mapperType);
        mapper.put("config", config);
        admin.post("/realms/" + name + "/identity-provider/instances/" + IDP_ALIAS + "/mappers", mapper).expect(201);
    }

    /** Links an existing user to a Hugging Face account, as an admin can in the admin console. */
    public void linkHuggingFace(String userId, String hfSub, String hfHandle) {
        admin.post("/realms/" + name + "/users/" + userId + "/federated-identity/" + IDP_ALIAS,
                Map.of("identityProvider", IDP_ALIAS, "userId", hfSub, "userName", hfHandle)).expect(204);
    }

    /** The realm's user profile allows usernames of at most {@code max} characters. */
    public void limitUsernameLength(int max) {
        ObjectNode profile = (ObjectNode) admin.getJson("/realms/" + name + "/users/profile");
        for (JsonNode attribute : profile.withArray("attributes")) {
            if ("username".equals(attribute.path("name").asText())) {
                ((ObjectNode) attribute).withObjectProperty("validations").putObject("length").put("min", 3).put("max", max);
            }
        }
        admin.put("/realms/" + name + "/users/profile", profile).expect(200);
    }

    /** The UUID Keycloak gave a client of this realm. */
    public String clientUuid(String clientId) {
        JsonNode found = admin.getJson("/realms/" + name + "/clients?clientId=" + encode(clientId));
        if (found.size() != 1) {
            throw new AssertionError("expected one client '" + clientId + "' but found " + found.size());
        }
        return found.get(0).get("id").asText();
    }

    /**
     * Brokering API V2: lets the test app fetch its users' Hugging Face tokens (the client's
     * "Allowed identity providers" in the admin console, attributes {@code external.token.enabled}
     * and {@code external.token.idp}).
     */
    public void allowBrokeredTokensFromHuggingFace() {
        String uuid = clientUuid(CLIENT_ID);
        ObjectNode client = (ObjectNode) admin.getJson("/realms/" + name + "/clients/" + uuid);
        ObjectNode attributes = client.has("attributes") ? (ObjectNode) client.get("attributes") : client.putObject("attributes");
        attributes.put("external.token.enabled", "true");
        attributes.put("external.token.idp", IDP_ALIAS);
        admin.put("/realms/" + name + "/clients/" + uuid, client).expect(204);
    }

    /**
     * Lets the test app exchange tokens from the Hugging Face provider (token exchange v1 with
     * fine-grained admin permissions v1): without it Keycloak answers 403 before the provider runs.
     */
    public void allowTokenExchangeFromHuggingFace() {
        JsonNode permissions = admin.put("/realms/" + name + "/identity-provider/instances/" + IDP_ALIAS
                + "/management/permissions", Map.of("enabled", true)).expect(200).json();
        String permissionId = permissions.path("scopePermissions").path("token-exchange").asText();
        String authz = "/realms/" + name + "/clients/" + clientUuid("realm-management") + "/authz/resource-server";

        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", "exchange-allowed");
        policy.put("logic", "POSITIVE");
        policy.put("clients", List.of(clientUuid(CLIENT_ID)));
        String policyId = admin.post(authz + "/policy/client", policy).expect(201).json().get("id").asText();

        ObjectNode permission = (ObjectNode) admin.getJson(authz + "/permission/scope/" + permissionId);
        permission.putArray("policies").add(policyId);
        admin.put(authz + "/permission/scope/" + permissionId, permission).expect(201);
    }

    /** Adds a client as given (its representation's fields). */
    public void addClient(Map<String, Object> representation) {
        admin.post("/realms/" + name + "/clients", representation).expect(201);
    }

    /** Sets attributes of a client, keeping the others. */
    public void setClientAttributes(String clientId, Map<String, String> attributes) {
        String path = "/realms/" + name + "/clients/" + clientUuid(clientId);
        ObjectNode client = (ObjectNode) admin.getJson(path);
        attributes.forEach(client.withObjectProperty("attributes")::put);
        admin.put(path, client).expect(204);
    }

    /** The user's active sessions. */
    public List<JsonNode> sessions(String userId) {
        List<JsonNode> sessions = new ArrayList<>();
        admin.getJson("/realms/" + name + "/users/" + userId + "/sessions").forEach(sessions::add);
        return sessions;
    }

    /** The user's offline sessions for a client of this realm. */
    public List<JsonNode> offlineSessions(String userId, String clientId) {
        List<JsonNode> sessions = new ArrayList<>();
        admin.getJson("/realms/" + name + "/users/" + userId + "/offline-sessions/" + clientUuid(clientId)).forEach(sessions::add);
        return sessions;
    }

    /** The provider's mappers' names, in the order the admin API lists them. */
    public List<String> mapperNames() {
        List<String> names = new ArrayList<>();
        admin.getJson("/realms/" + name + "/identity-provider/instances/" + IDP_ALIAS + "/mappers")
                .forEach(m -> names.add(m.get("name").asText()));
        return names;
    }

    /** The realm's "Require SSL" setting: {@code none}, {@code external} (Keycloak's default) or {@code all}. */
    public void requireSsl(String value) {
        admin.put("/realms/" + name, Map.of("sslRequired", value)).expect(204);
    }

    /** Keycloak's default user profile again: attributes it does not declare are hidden and dropped. */
    public void useDefaultUserProfilePolicy() {
        ObjectNode profile = (ObjectNode) admin.getJson("/realms/" + name + "/users/profile");
        profile.remove("unmanagedAttributePolicy");
        admin.put("/realms/" + name + "/users/profile", profile).expect(200);
    }

    /** The names of the attributes the realm's user profile declares. */
    public List<String> declaredAttributes() {
        List<String> names = new ArrayList<>();
        admin.getJson("/realms/" + name + "/users/profile").withArray("attributes").forEach(a -> names.add(a.get("name").asText()));
        return names;
    }

    /** Realm settings, Organizations: on. */
    public void enableOrganizations() {
        admin.put("/realms/" + name, Map.of("organizationsEnabled", true)).expect(204);
    }

    /** Creates an organization as an admin does; returns its ID. */
    public String createOrganization(String orgName, String alias) {
        return createOrganization(orgName, alias, Map.of());
    }

    /** Creates an organization with attributes (e.g. {@code huggingface.orgId}, the link to an HF org), as an admin does. */
    public String createOrganization(String orgName, String alias, Map<String, List<String>> attributes) {
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("attributes", attributes);
        org.put("name", orgName);
        org.put("alias", alias);
        org.put("enabled", true);
        org.put("domains", List.of(Map.of("name", alias + ".example.com")));
        String location = admin.post("/realms/" + name + "/organizations", org).expect(201).location();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public List<JsonNode> organizations() {
        List<JsonNode> orgs = new ArrayList<>();
        admin.getJson("/realms/" + name + "/organizations?max=1000").forEach(orgs::add);
        return orgs;
    }

    public JsonNode organization(String orgId) {
        return admin.getJson("/realms/" + name + "/organizations/" + orgId);
    }

    /** IDs of the organization's members. */
    public List<String> organizationMembers(String orgId) {
        List<String> ids = new ArrayList<>();
        admin.getJson("/realms/" + name + "/organizations/" + orgId + "/members?max=1000").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    /** Adds a member by hand, as an admin does in the console. */
    public void addOrganizationMember(String orgId, String userId) {
        admin.post("/realms/" + name + "/organizations/" + orgId + "/members", "\"" + userId + "\"").expect(201);
    }

    /** Creates a top-level group of the organization (Keycloak 26.7+), as an admin does; returns its ID. */
    public String createOrganizationGroup(String orgId, String groupName) {
        String location = admin.post("/realms/" + name + "/organizations/" + orgId + "/groups", Map.of("name", groupName))
                .expect(201).location();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void addOrganizationGroupMember(String orgId, String groupId, String userId) {
        admin.put("/realms/" + name + "/organizations/" + orgId + "/groups/" + groupId + "/members/" + userId, "").expect(204);
    }

    /** Names of the organization's top-level groups the user is in (Keycloak 26.7+), sorted. */
    public List<String> organizationGroupsOf(String orgId, String userId) {
        List<String> names = new ArrayList<>();
        for (JsonNode group : admin.getJson("/realms/" + name + "/organizations/" + orgId + "/groups?max=1000")) {
            for (JsonNode member : admin.getJson("/realms/" + name + "/organizations/" + orgId + "/groups/"
                    + group.get("id").asText() + "/members?max=1000")) {
                if (userId.equals(member.path("id").asText())) {
                    names.add(group.get("name").asText());
                }
            }
        }
        return names.stream().sorted().toList();
    }

    /** The names of the config properties the admin console offers for a mapper type of the provider. */
    public List<String> mapperTypeProperties(String idpAlias, String mapperType) {
        List<String> names = new ArrayList<>();
        admin.getJson("/realms/" + name + "/identity-provider/instances/" + idpAlias + "/mapper-types")
                .path(mapperType).path("properties").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    /** Lets a client ask for a client scope (e.g. {@code organization}) in its authorization requests. */
    public void addOptionalClientScope(String clientId, String scopeName) {
        String scopeId = null;
        for (JsonNode scope : admin.getJson("/realms/" + name + "/client-scopes")) {
            if (scopeName.equals(scope.path("name").asText())) {
                scopeId = scope.get("id").asText();
            }
        }
        if (scopeId == null) {
            throw new AssertionError("realm " + name + " has no client scope " + scopeName);
        }
        admin.put("/realms/" + name + "/clients/" + clientUuid(clientId) + "/optional-client-scopes/" + scopeId, Map.of())
                .expect(204);
    }

    public void createRealmRole(String role) {
        admin.post("/realms/" + name + "/roles", Map.of("name", role)).expect(201);
    }

    /** A client role of a client of this realm, e.g. {@code createClientRole("test-app", "hf-client-role")}. */
    public void createClientRole(String clientId, String role) {
        admin.post("/realms/" + name + "/clients/" + clientUuid(clientId) + "/roles", Map.of("name", role)).expect(201);
    }

    /** The names of the client's roles mapped directly to the user. */
    public List<String> clientRoles(String userId, String clientId) {
        List<String> roles = new ArrayList<>();
        admin.getJson("/realms/" + name + "/users/" + userId + "/role-mappings/clients/" + clientUuid(clientId))
                .forEach(r -> roles.add(r.get("name").asText()));
        return roles;
    }

    /**
     * Creates a group as an admin does in the console, e.g. {@code /huggingface/analytical-engines};
     * the parent must exist already. Returns the new group's ID.
     */
    public String createGroup(String path) {
        int slash = path.lastIndexOf('/');
        String parentPath = path.substring(0, slash);
        Map<String, Object> group = Map.of("name", path.substring(slash + 1));
        AdminClient.Response created = parentPath.isEmpty()
                ? admin.post("/realms/" + name + "/groups", group)
                : admin.post("/realms/" + name + "/groups/" + groupId(parentPath) + "/children", group);
        created.expect(201);
        return groupId(path);
    }

    /** Sets one attribute of a group, as an admin does on the group's Attributes tab. */
    public void setGroupAttribute(String path, String attribute, String value) {
        String id = groupId(path);
        ObjectNode group = (ObjectNode)
                admin.getJson("/realms/" + name + "/groups/" + id);
        ((ObjectNode) group.with("attributes")).putArray(attribute).add(value);
        admin.put("/realms/" + name + "/groups/" + id, group).expect(204);
    }

    /** A group's attributes, as the admin console shows them. */
    public JsonNode groupAttributes(String path) {
        return admin.getJson("/realms/" + name + "/groups/" + groupId(path)).path("attributes");
    }

    /** Adds a user to a group as an admin does, outside any mapper. */
    public void joinGroup(String userId, String path) {
        admin.put("/realms/" + name + "/users/" + userId + "/groups/" + groupId(path), Map.of()).expect(204);
    }

    /** Whether a group exists at exactly this path (names compared exactly, no search involved). */
    public boolean groupExists(String path) {
        return findGroupId(path) != null;
    }

    /** The names of a group's direct sub-groups. */
    public List<String> subGroupNames(String path) {
        List<String> names = new ArrayList<>();
        admin.getJson("/realms/" + name + "/groups/" + groupId(path) + "/children?max=1000")
                .forEach(g -> names.add(g.get("name").asText()));
        return names;
    }

    private String groupId(String path) {
        String id = findGroupId(path);
        if (id == null) {
            throw new AssertionError("no group " + path);
        }
        return id;
    }

    /**
     * Walks from the top-level groups down, one exact name per level: the admin API's search and
     * by-path lookups are not used, so names with {@code _}, {@code %} or {@code /}-like characters
     * are found as they are.
     */
    private String findGroupId(String path) {
        String id = null;
        for (String segment : path.replaceFirst("^/", "").split("/")) {
            JsonNode level = admin.getJson(id == null
                    ? "/realms/" + name + "/groups?max=1000&briefRepresentation=true"
                    : "/realms/" + name + "/groups/" + id + "/children?max=1000&briefRepresentation=true");
            id = null;
            for (JsonNode group : level) {
                if (segment.equals(group.get("name").asText())) {
                    id = group.get("id").asText();
                }
            }
            if (id == null) {
                return null;
            }
        }
        return id;
    }

    public void createUser(String username, String email, String password) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("email", email);
        user.put("emailVerified", true);
        user.put("enabled", true);
        user.put("firstName", "Local");
        user.put("lastName", "User");
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        admin.post("/realms/" + name + "/users", user).expect(201);
    }

    public List<JsonNode> users() {
        List<JsonNode> users = new ArrayList<>();
        admin.getJson("/realms/" + name + "/users?briefRepresentation=false&max=1000").forEach(users::add);
        return users;
    }

    public JsonNode user(String username) {
        JsonNode found = admin.getJson("/realms/" + name + "/users?exact=true&briefRepresentation=false&username="
                + encode(username));
        if (found.size() != 1) {
            throw new AssertionError("expected one user '" + username + "' but found " + found.size());
        }
        return found.get(0);
    }

    public List<String> groupPaths(String userId) {
        List<String> paths = new ArrayList<>();
        admin.getJson("/realms/" + name + "/users/" + userId + "/groups").forEach(g -> paths.add(g.get("path").asText()));
        return paths;
    }

    public List<String> realmRoles(String userId) {
        List<String> roles = new ArrayList<>();
        admin.getJson("/realms/" + name + "/users/" + userId + "/role-mappings/realm").forEach(r -> roles.add(r.get("name").asText()));
        return roles;
    }

    public JsonNode federatedIdentities(String userId) {
        return admin.getJson("/realms/" + name + "/users/" + userId + "/federated-identity");
    }

    /** Stored login events of a type, newest first. */
    public List<JsonNode> events(String type) {
        List<JsonNode> events = new ArrayList<>();
        admin.getJson("/realms/" + name + "/events?type=" + type + "&max=100").forEach(events::add);
        return events;
    }

    public void clearEvents() {
        admin.delete("/realms/" + name + "/events").expect(204);
    }

    public void delete() {
        admin.delete("/realms/" + name);
    }
}
