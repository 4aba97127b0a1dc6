package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hugging Face org handles are first come, first served; Keycloak organization aliases and group names
 * are the admin's. A Keycloak organization or group stands for an HF org only when it is linked to that
 * org's ID (attribute {@code huggingface.orgId}), or when the admin listed the handle in the allow-list.
 * Each test here plays someone who creates an HF org named like the admin's tenant or group.
 */
@ExtendWith(LiveEnvironment.class)
class OrganizationTrustIT {

    private static final String MEMBER_MAPPER = "huggingface-organization-member-mapper";
    private static final String GROUP_MAPPER = "huggingface-organization-group-mapper";
    private static final String LINK = "huggingface.orgId";
    private static final String RECORD = "huggingface.organizationMemberships";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenAnAdminsOrganizationWithAnHfHandleAsAlias_thenAMemberOfThatHfOrgNeitherJoinsNorLinksIt() throws Exception {
        HuggingFaceFixture hf = memberMapperRealm(Map.of("syncMode", "FORCE"), Map.of("createOrganizations", "true"));
        String tenant = hf.realm().createOrganization("ACME Tenant", "acme-tenant");
        String hfOrgId = freshOrgId();
        HfUser mallory = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("mallory")).name("Mallory Hacker").email(hf.handle("mallory") + "@example.com"))
                .addOrg(HfUser.org(hfOrgId, "ACME Tenant", "acme-tenant").put("roleInOrg", "admin"));

        JsonNode tokens = OrganizationsIT.signInAskingForOrganizations(hf, mallory);

        String userId = hf.realm().user(mallory.preferredUsername()).get("id").asText();
        assertEquals(List.of(), organizationsOf(hf, userId), "not a member of the admin's acme-tenant");
        assertTrue(hf.realm().organization(tenant).path("attributes").path(LINK).isMissingNode(),
                "the admin's organization is not linked to the newcomer's HF org");
        assertEquals(List.of(), hf.realm().organizationMembers(tenant));
        assertEquals(List.of(), linkedTo(hf, hfOrgId), "no organization created for it either: its alias is taken");
        assertNull(SignInFlow.claims(tokens.get("access_token").asText()).get("organization"), "no organization in the app's token");
        assertTrue(logHas("no organization created for the HF org with ID " + hfOrgId), "the admin is told why, by IDs");
        SecurityCases.observe("org-alias-takeover", "an HF org created with the handle of an admin's organization alias "
                        + "(`acme-tenant`), organization mapper without allow-list, `createOrganizations` on",
                "accepted: the member signs in but joins no organization; the admin's organization stays unlinked and "
                        + "without members, none is created, the token has no `organization` claim");
    }

    @Test
    void givenTheAdminLinkedAnOrganizationToTheHfOrgId_thenItsMembersJoinIt_whateverItsAlias() throws Exception {
        HuggingFaceFixture hf = memberMapperRealm(Map.of(), Map.of());
        String customer = hf.realm().createOrganization("Engines Customer", "engines-customer",
                Map.of(LINK, List.of(HuggingFaceFixture.ORG_ENGINES_ID)));
        HfUser ada = hf.ada();

        JsonNode tokens = OrganizationsIT.signInAskingForOrganizations(hf, ada);

        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertEquals(List.of("engines-customer"), organizationsOf(hf, adaId), "the linked organization, not other-org");
        assertEquals(List.of(adaId), hf.realm().organizationMembers(customer));
        JsonNode claim = SignInFlow.claims(tokens.get("access_token").asText()).get("organization");
        assertTrue(claim != null && claim.toString().contains("engines-customer"), "the app's token names it: " + claim);
    }

    @Test
    void givenAHandleInTheAllowList_thenAnUnlinkedOrganizationOfThatAliasIsAdopted_butNeverOneLinkedToAnotherHfOrg() {
        HuggingFaceFixture hf = memberMapperRealm(Map.of("allowedOrganizations", "Analytical-Engines##other-org"), Map.of());
        String engines = hf.realm().createOrganization("Engines", "analytical-engines");
        String elsewhere = "0123456789abcdef01234567";
        String other = hf.realm().createOrganization("Other", "other-org", Map.of(LINK, List.of(elsewhere)));
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertEquals(List.of("analytical-engines"), organizationsOf(hf, adaId), "the allow-listed handle's organization only");
        assertEquals(List.of(HuggingFaceFixture.ORG_ENGINES_ID), values(hf.realm().organization(engines).path("attributes").path(LINK)),
                "adopted: now linked to the ID of the HF org holding the handle");
        assertEquals(List.of(elsewhere), values(hf.realm().organization(other).path("attributes").path(LINK)),
                "an organization linked to another HF org is never taken over by its handle");
        SecurityCases.observe("org-linked-elsewhere", "the allow-list names handle `other-org`, whose Keycloak organization is "
                        + "linked to another HF org ID", "accepted: the member does not join it and its link is unchanged");
    }

    @Test
    void givenAnAllowList_thenTheGroupMapperMakesAndJoinsGroupsOfAllowedOrgsOnly() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID));
        hf.realm().addMapper("orgs", GROUP_MAPPER, Map.of("syncMode", "FORCE", "parentGroup", "/huggingface"));
        HfUser ada = hf.ada(); // also a member of other-org, which the allow-list does not name

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertEquals(List.of("/huggingface/analytical-engines"), hf.realm().groupPaths(adaId));
        assertEquals(List.of("analytical-engines"), hf.realm().subGroupNames("/huggingface"), "no group made for other-org");
        assertEquals(List.of(HuggingFaceFixture.ORG_ENGINES_ID), values(hf.realm().groupAttributes("/huggingface/analytical-engines").path(LINK)),
                "the group it made is linked to the HF org ID");
        SecurityCases.observe("group-mapper-allow-list", "allow-list naming one org, group mapper creating groups, a member of "
                + "two HF orgs", "accepted: a group made and joined for the allowed org only, linked to its HF org ID");
    }

    @Test
    void givenAnAdminsGroupNamedLikeAnHfOrg_thenAMemberOfThatHfOrgIsNotPutInIt() throws Exception {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("additionalScopes", "read-memberships"));
        hf.realm().createGroup("/huggingface");
        hf.realm().createGroup("/huggingface/staff");
        hf.realm().addMapper("orgs", GROUP_MAPPER, Map.of("syncMode", "FORCE", "parentGroup", "/huggingface"));
        String hfOrgId = freshOrgId();
        HfUser mallory = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("mallory")).name("Mallory Hacker").email(hf.handle("mallory") + "@example.com"))
                .addOrg(HfUser.org(hfOrgId, "Staff", "STAFF"));

        assertTrue(Attempt.signIn(hf, mallory.preferredUsername()).end().inApp());

        String userId = hf.realm().user(mallory.preferredUsername()).get("id").asText();
        assertEquals(List.of(), hf.realm().groupPaths(userId), "not in the admin's /huggingface/staff");
        assertEquals(List.of("staff"), hf.realm().subGroupNames("/huggingface"), "and no look-alike group made beside it");
        assertTrue(logHas("no group created for the HF org with ID " + hfOrgId), "the admin is told why, by IDs");
        SecurityCases.observe("group-name-takeover", "an HF org with handle `STAFF` while the admin has `/huggingface/staff`, "
                + "group mapper creating groups", "accepted: the member signs in in no group; the admin's group is untouched "
                + "and no group is made for the HF org");
    }

    @Test
    void givenUsersMayEditTheirAttributes_thenNeitherTheUserNorAnAdminUpdateErasesTheMembershipRecord() throws Exception {
        HuggingFaceFixture hf = memberMapperRealm(Map.of("syncMode", "FORCE"), Map.of("createOrganizations", "true"));
        allowUsersToEditUnmanagedAttributes(hf.realm());
        HfUser ada = hf.ada();
        JsonNode tokens = OrganizationsIT.signInAskingForOrganizations(hf, ada);
        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        List<String> record = values(hf.realm().user(ada.preferredUsername()).path("attributes").path(RECORD));
        assertEquals(2, record.size(), "the mapper recorded the two memberships it made: " + record);

        int userUpdate = removeRecordAsTheUser(hf.realm(), tokens.get("access_token").asText());
        removeRecordAsAnAdmin(hf.realm(), adaId);

        assertEquals(record, values(hf.realm().user(ada.preferredUsername()).path("attributes").path(RECORD)),
                "the record survived the user's update (HTTP " + userUpdate + ") and the admin's");
        ada.orgs(List.of(ada.org(HuggingFaceFixture.ORG_OTHER_ID))); // left analytical-engines on Hugging Face
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());
        assertEquals(List.of("other-org"), organizationsOf(hf, adaId), "FORCE still takes away what the mapper granted");
        SecurityCases.observe("membership-record-user-edit", "realm lets users edit unmanaged attributes; the user removes "
                        + "`huggingface.organizationMemberships` through the account API, an admin saves the user without it",
                "accepted: the record is unchanged, and leaving the HF org still takes the membership away");
    }

    // ---- helpers ----

    private static HuggingFaceFixture memberMapperRealm(Map<String, Object> provider, Map<String, String> mapper) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(provider);
        hf.realm().enableOrganizations();
        Map<String, String> config = new HashMap<>(Map.of("syncMode", "INHERIT"));
        config.putAll(mapper);
        hf.realm().addMapper("organizations", MEMBER_MAPPER, config);
        return hf;
    }

    private static String freshOrgId() {
        return String.format(Locale.ROOT, "%024x", System.nanoTime());
    }

    private static List<String> organizationsOf(HuggingFaceFixture hf, String userId) {
        List<String> aliases = new ArrayList<>();
        LiveEnvironment.get().admin().getJson("/realms/" + hf.realm().name() + "/organizations/members/" + userId + "/organizations")
                .forEach(o -> aliases.add(o.get("alias").asText()));
        return aliases.stream().sorted().toList();
    }

    private static List<JsonNode> linkedTo(HuggingFaceFixture hf, String hfOrgId) {
        List<JsonNode> found = new ArrayList<>();
        LiveEnvironment.get().admin().getJson("/realms/" + hf.realm().name() + "/organizations?max=1000&q="
                + AdminClient.encode(LINK + ":" + hfOrgId)).forEach(found::add);
        return found;
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values.stream().sorted().toList();
    }

    private static boolean logHas(String text) throws IOException {
        return Files.readAllLines(LiveEnvironment.get().keycloak().logFile()).stream().anyMatch(line -> line.contains(text));
    }

    private static void allowUsersToEditUnmanagedAttributes(TestRealm realm) {
        AdminClient admin = LiveEnvironment.get().admin();
        ObjectNode profile = (ObjectNode) admin.getJson("/realms/" + realm.name() + "/users/profile");
        profile.put("unmanagedAttributePolicy", "ENABLED");
        admin.put("/realms/" + realm.name() + "/users/profile", profile).expect(200);
    }

    /** The account API, as the account console calls it with the user's own token: the record set to nothing. */
    private static int removeRecordAsTheUser(TestRealm realm, String accessToken) throws Exception {
        String account = LiveEnvironment.get().keycloak().baseUrl() + "/realms/" + realm.name() + "/account";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> current = http.send(HttpRequest.newBuilder(URI.create(account)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, current.statusCode(), "the user reads their account: " + current.body());
        ObjectNode me = (ObjectNode) JSON.readTree(current.body());
        ((ObjectNode) me.with("attributes")).putArray(RECORD);
        HttpResponse<String> updated = http.send(HttpRequest.newBuilder(URI.create(account)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(me))).build(),
                HttpResponse.BodyHandlers.ofString());
        return updated.statusCode();
    }

    /** An admin's ordinary save of the user (admin console, REST) whose attributes lack the record. */
    private static void removeRecordAsAnAdmin(TestRealm realm, String userId) {
        AdminClient admin = LiveEnvironment.get().admin();
        ObjectNode user = (ObjectNode) admin.getJson("/realms/" + realm.name() + "/users/" + userId);
        ((ObjectNode) user.with("attributes")).remove(RECORD);
        admin.put("/realms/" + realm.name() + "/users/" + userId, user).expect(204);
    }
}
