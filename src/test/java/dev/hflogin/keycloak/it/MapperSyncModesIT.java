package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.hflogin.keycloak.it.HuggingFaceLoginIT.textList;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attribute and organization-group mappers over several sign-ins of one user whose Hugging Face
 * data changes in between, per sync mode, with the semantics of Keycloak's own mappers:
 * <ul>
 *     <li>attributes (like AbstractJsonUserAttributeMapper): set on import; IMPORT and LEGACY leave them
 *     alone afterwards; FORCE follows Hugging Face, removing an attribute whose claim is gone;</li>
 *     <li>groups (like AbstractClaimToGroupMapper): joined on import; IMPORT leaves them alone
 *     afterwards; LEGACY and FORCE join new orgs' groups and leave those of orgs the user left.</li>
 * </ul>
 * What is checked is what an operator sees through the admin REST API.
 */
@ExtendWith(LiveEnvironment.class)
class MapperSyncModesIT {

    private static final String NEW_ORG_ID = "67d2c3d4e5f6a7b8c9d0e1f3";
    private static final String NEW_ORG = "babbage-club";
    /** Without it (or an allow-list) HF sends no orgs claim. */
    private static final Map<String, Object> MEMBERSHIPS = Map.of("additionalScopes", "read-memberships");

    // ---- Attribute mapper ----

    @Test
    void givenAttributeMappersInImportMode_whenHuggingFaceDataChanges_thenLaterSignInsKeepTheImportedValues() {
        assertAttributesKeptAfterImport("IMPORT");
    }

    @Test
    void givenAttributeMappersInLegacyMode_whenHuggingFaceDataChanges_thenLaterSignInsKeepTheImportedValues() {
        assertAttributesKeptAfterImport("LEGACY");
        SecurityCases.observe("mapper-attribute-legacy", "attribute mappers with sync mode LEGACY, every mapped claim changed on Hugging Face",
                "accepted: attributes keep their imported values, as Keycloak's own importers");
    }

    @Test
    void givenAttributeMappersInForceMode_whenHuggingFaceDataChanges_thenAttributesFollowAndGoneClaimsAreRemoved() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        addAttributeMappers(hf.realm(), "FORCE");
        assertAttributesFollowHuggingFace(hf);
    }

    @Test
    void givenAttributeMappersInheritingForceFromTheProvider_whenHuggingFaceDataChanges_thenAttributesFollow() {
        HuggingFaceFixture hf = new HuggingFaceFixture()
                .withProvider(Map.of("additionalScopes", "read-memberships", "syncMode", "FORCE"));
        addAttributeMappers(hf.realm(), "INHERIT");
        assertAttributesFollowHuggingFace(hf);
    }

    @Test
    void givenAttributeMappersInheritingImportFromTheProvider_whenHuggingFaceDataChanges_thenNothingChanges() {
        HuggingFaceFixture hf = new HuggingFaceFixture()
                .withProvider(Map.of("additionalScopes", "read-memberships", "syncMode", "IMPORT"));
        addAttributeMappers(hf.realm(), "INHERIT");
        assertAttributesKeptAfterImport(hf);
    }

    private static void assertAttributesKeptAfterImport(String mapperSyncMode) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        addAttributeMappers(hf.realm(), mapperSyncMode);
        assertAttributesKeptAfterImport(hf);
    }

    private static void assertAttributesKeptAfterImport(HuggingFaceFixture hf) {
        HfUser ada = hf.ada();
        String firstPicture = ada.picture();
        signIn(hf, ada);
        assertImportedAttributes(hf, ada, firstPicture);

        changeEverythingMapped(ada);
        signIn(hf, ada);

        JsonNode attributes = hf.realm().user(ada.preferredUsername()).path("attributes");
        assertAll("after the second sign-in, with everything mapped changed on Hugging Face",
                () -> assertEquals(List.of("true"), textList(attributes.path("hf_is_pro")), "value changed on HF: old value kept"),
                () -> assertEquals(List.of(firstPicture), textList(attributes.path("picture")), "value changed on HF: old value kept"),
                () -> assertEquals(List.of("https://ada.dev"), textList(attributes.path("hf_website")), "claim gone on HF: attribute kept"),
                () -> assertEquals(List.of("analytical-engines", "other-org"), sorted(textList(attributes.path("hf_orgs"))),
                        "orgs changed on HF: old list kept"));
    }

    private static void assertAttributesFollowHuggingFace(HuggingFaceFixture hf) {
        HfUser ada = hf.ada();
        signIn(hf, ada);
        assertImportedAttributes(hf, ada, ada.picture());

        changeEverythingMapped(ada);
        signIn(hf, ada);

        JsonNode attributes = hf.realm().user(ada.preferredUsername()).path("attributes");
        assertAll("after the second sign-in, with everything mapped changed on Hugging Face",
                () -> assertEquals(List.of("false"), textList(attributes.path("hf_is_pro")), "new value replaces old"),
                () -> assertEquals(List.of(ada.picture()), textList(attributes.path("picture")), "new value replaces old"),
                () -> assertTrue(attributes.path("hf_website").isMissingNode(),
                        "website removed on HF: attribute removed, but is " + attributes.path("hf_website")),
                () -> assertEquals(List.of(NEW_ORG, "other-org"), sorted(textList(attributes.path("hf_orgs"))),
                        "orgs follow HF"));
    }

    private static void addAttributeMappers(TestRealm realm, String syncMode) {
        realm.addMapper("pro", "huggingface-user-attribute-mapper",
                Map.of("syncMode", syncMode, "jsonField", "isPro", "userAttribute", "hf_is_pro"));
        realm.addMapper("avatar", "huggingface-user-attribute-mapper",
                Map.of("syncMode", syncMode, "jsonField", "picture", "userAttribute", "picture"));
        realm.addMapper("website", "huggingface-user-attribute-mapper",
                Map.of("syncMode", syncMode, "jsonField", "website", "userAttribute", "hf_website"));
        realm.addMapper("org handles", "huggingface-user-attribute-mapper",
                Map.of("syncMode", syncMode, "jsonField", "orgs.preferred_username", "userAttribute", "hf_orgs"));
    }

    private static void assertImportedAttributes(HuggingFaceFixture hf, HfUser ada, String picture) {
        JsonNode attributes = hf.realm().user(ada.preferredUsername()).path("attributes");
        assertAll("after the first sign-in",
                () -> assertEquals(List.of("true"), textList(attributes.path("hf_is_pro"))),
                () -> assertEquals(List.of(picture), textList(attributes.path("picture"))),
                () -> assertEquals(List.of("https://ada.dev"), textList(attributes.path("hf_website"))),
                () -> assertEquals(List.of("analytical-engines", "other-org"), sorted(textList(attributes.path("hf_orgs")))));
    }

    /** A new value for each mapped claim, the website claim gone, and one org swapped for another. */
    private static void changeEverythingMapped(HfUser ada) {
        ada.isPro(false)
                .picture("https://cdn-avatars.huggingface.co/v1/production/uploads/" + ada.preferredUsername() + "-new.png")
                .website(null)
                .leaveOrg("analytical-engines")
                .addOrg(HfUser.org(NEW_ORG_ID, "Babbage Club", NEW_ORG));
    }

    // ---- Organization group mapper ----

    @Test
    void givenGroupMapperInImportMode_whenOrgsChangeOnHuggingFace_thenLaterSignInsChangeNoMembership() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        hf.realm().addMapper("orgs", "huggingface-organization-group-mapper",
                Map.of("syncMode", "IMPORT", "parentGroup", "/huggingface"));
        HfUser ada = hf.ada();
        signIn(hf, ada);
        String id = userId(hf, ada);
        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"), groupPaths(hf, id));

        ada.leaveOrg("other-org").addOrg(HfUser.org(NEW_ORG_ID, "Babbage Club", NEW_ORG));
        signIn(hf, ada);

        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"), groupPaths(hf, id),
                "IMPORT: still in the group of the org left on HF, and not in the new org's group");
    }

    @Test
    void givenGroupMapperInLegacyMode_whenOrgsChangeOnHuggingFace_thenGroupsFollowLikeKeycloaksOwnGroupMappers() {
        assertGroupsFollowHuggingFace("LEGACY");
    }

    @Test
    void givenGroupMapperInForceMode_whenOrgsChangeOnHuggingFace_thenGroupsFollow() {
        assertGroupsFollowHuggingFace("FORCE");
    }

    /** Joins the new org's group, leaves the left org's group, keeps a group an admin gave outside the parent. */
    private static void assertGroupsFollowHuggingFace(String syncMode) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        TestRealm realm = hf.realm();
        realm.addMapper("orgs", "huggingface-organization-group-mapper",
                Map.of("syncMode", syncMode, "parentGroup", "/huggingface"));
        realm.createGroup("/staff");
        HfUser ada = hf.ada();
        signIn(hf, ada);
        String id = userId(hf, ada);
        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"), groupPaths(hf, id));
        realm.joinGroup(id, "/staff");

        ada.leaveOrg("other-org").addOrg(HfUser.org(NEW_ORG_ID, "Babbage Club", NEW_ORG));
        signIn(hf, ada);

        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/" + NEW_ORG, "/staff"), groupPaths(hf, id),
                syncMode + ": joined the new org's group, left the group of the org left on HF, kept the admin's /staff");

        ada.orgs(List.of());
        signIn(hf, ada);

        assertEquals(List.of("/staff"), groupPaths(hf, id), syncMode + ": in no org on HF, so in no group under the parent");
    }

    @Test
    void givenCreateGroupsOff_whenSigningIn_thenOnlyGroupsAnAdminLinkedAreJoinedAndNoneIsCreated() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        TestRealm realm = hf.realm();
        realm.createGroup("/huggingface");
        realm.createGroup("/huggingface/analytical-engines");
        realm.setGroupAttribute("/huggingface/analytical-engines", "huggingface.orgId", HuggingFaceFixture.ORG_ENGINES_ID);
        realm.addMapper("orgs", "huggingface-organization-group-mapper",
                Map.of("syncMode", "FORCE", "parentGroup", "/huggingface", "createGroups", "false"));
        HfUser ada = hf.ada();

        signIn(hf, ada);

        assertEquals(List.of("/huggingface/analytical-engines"), groupPaths(hf, userId(hf, ada)),
                "joins the group the admin linked to analytical-engines only");
        assertFalse(realm.groupExists("/huggingface/other-org"), "no group created for other-org");
        assertEquals(List.of("analytical-engines"), realm.subGroupNames("/huggingface"));
    }

    @Test
    void givenCreateGroupsOffAndNoParentGroup_whenSigningIn_thenTheUserGetsInAndNoGroupIsCreated() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        TestRealm realm = hf.realm();
        realm.addMapper("orgs", "huggingface-organization-group-mapper",
                Map.of("syncMode", "FORCE", "parentGroup", "/huggingface", "createGroups", "false"));
        HfUser ada = hf.ada();

        signIn(hf, ada);

        assertEquals(List.of(), groupPaths(hf, userId(hf, ada)));
        assertFalse(realm.groupExists("/huggingface"), "the parent is not created either");
    }

    /**
     * {@code _} and {@code %} are wildcards in SQL LIKE: a lookup of the parent by name through LIKE
     * would take the admin's {@code /hfxteams} for {@code /hf_teams} or {@code /hf%teams}.
     */
    @ParameterizedTest(name = "parent group {0}")
    @ValueSource(strings = {"/hf_teams", "/hf%teams"})
    void givenParentGroupNameWithSqlWildcardAndALookalikeGroup_whenSigningIn_thenOrgGroupsGoUnderTheConfiguredParent(String parent) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        TestRealm realm = hf.realm();
        realm.createGroup("/hfxteams");
        realm.addMapper("orgs", "huggingface-organization-group-mapper",
                Map.of("syncMode", "FORCE", "parentGroup", parent));
        HfUser ada = hf.ada();

        signIn(hf, ada);

        assertAll(
                () -> assertEquals(List.of(parent + "/analytical-engines", parent + "/other-org"), groupPaths(hf, userId(hf, ada))),
                () -> assertTrue(realm.groupExists(parent), parent + " created"),
                () -> assertEquals(List.of(), realm.subGroupNames("/hfxteams"), "nothing put under the lookalike /hfxteams"));
        boolean percent = parent.contains("%");
        SecurityCases.observe("mapper-parent-group-wildcard-" + (percent ? "percent" : "underscore"), percent
                        ? "parent group `/hf%teams` while `/hfxteams` exists"
                        : "parent group `/hf_teams` while an admin's `/hfxteams` exists (`_` is a LIKE wildcard)",
                "accepted: groups under " + parent + ", none under the lookalike /hfxteams");
    }

    // ---- helpers ----

    static void signIn(HuggingFaceFixture hf, HfUser user) {
        try (Browser browser = new Browser()) {
            SignInFlow.signIn(browser, hf.realm(), user.preferredUsername());
        }
    }

    static String userId(HuggingFaceFixture hf, HfUser user) {
        return hf.realm().user(user.preferredUsername()).get("id").asText();
    }

    private static List<String> groupPaths(HuggingFaceFixture hf, String userId) {
        return sorted(hf.realm().groupPaths(userId));
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
