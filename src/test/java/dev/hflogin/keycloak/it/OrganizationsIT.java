package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.probe.OrganizationEventProbe;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hugging Face organizations become Keycloak Organizations (mapper
 * {@code huggingface-organization-member-mapper}): the member joins the organization linked to the HF
 * org ID (or, for a handle the admin listed in the allow-list, the one with that alias, then linked);
 * an application asking for scope {@code organization} finds it in the token. What a name alone must
 * never do is in {@link OrganizationTrustIT}.
 */
@ExtendWith(LiveEnvironment.class)
@UsesOtherKeycloak
class OrganizationsIT {

    private static final String MAPPER = "huggingface-organization-member-mapper";
    /** New organizations, one after the other, until a creation collided (the container run once needed more than 3). */
    private static final int RACE_ROUNDS = 5;
    private static final String ENGINES = "analytical-engines";

    @Test
    void givenAnOrganizationWithTheHandleAsAliasInTheAllowList_thenTheMemberJoinsItItIsLinkedAndTheTokenCarriesIt() throws Exception {
        HuggingFaceFixture hf = fixture(Map.of("allowedOrganizations", ENGINES + "##other-org"), Map.of());
        Organizations orgs = new Organizations(hf.realm());
        String engines = orgs.create("Analytical Engines", ENGINES);
        HfUser ada = hf.ada();

        JsonNode tokens = signInAskingForOrganizations(hf, ada);

        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertEquals(List.of(ENGINES), orgs.aliasesOf(adaId), "member of the matching org; other-org has none and none is created");
        assertEquals(List.of(HuggingFaceFixture.ORG_ENGINES_ID), orgs.attribute(engines, "huggingface.orgId"), "linked by HF org ID");
        assertEquals(1, orgs.all().size());
        JsonNode claim = SignInFlow.claims(tokens.get("access_token").asText()).get("organization");
        assertTrue(claim != null && claim.toString().contains(ENGINES), "the app's token names the organization: " + claim);
    }

    @Test
    void givenTheHuggingFaceOrgRenamesItself_thenItKeepsItsKeycloakOrganization() {
        HuggingFaceFixture hf = fixture(Map.of("syncMode", "FORCE"), Map.of());
        Organizations orgs = new Organizations(hf.realm());
        String engines = hf.realm().createOrganization("Analytical Engines", ENGINES,
                Map.of("huggingface.orgId", List.of(HuggingFaceFixture.ORG_ENGINES_ID)));
        HfUser ada = hf.ada();
        Attempt.signIn(hf, ada.preferredUsername());

        ada.org(HuggingFaceFixture.ORG_ENGINES_ID).put("preferred_username", "engines-renamed");
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertEquals(List.of(engines), orgs.idsOf(adaId), "the same organization, found by the HF org ID");
        assertEquals(1, orgs.all().size());
    }

    @Test
    void givenCreateOrganizationsAndAnAllowList_thenOnlyAllowedOrganizationsAreCreatedAndJoined() {
        HuggingFaceFixture hf = fixture(Map.of("allowedOrganizations", ENGINES), Map.of("createOrganizations", "true"));
        Organizations orgs = new Organizations(hf.realm());
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        assertEquals(List.of(), orgs.linkedTo(HuggingFaceFixture.ORG_OTHER_ID), "other-org is not on the allow-list");
        List<JsonNode> created = orgs.linkedTo(HuggingFaceFixture.ORG_ENGINES_ID);
        assertEquals(1, created.size(), "one organization for analytical-engines: " + created);
        assertEquals(ENGINES, created.get(0).get("alias").asText());
        assertEquals("Analytical Engines", created.get(0).get("name").asText(), "named after the HF display name");
        assertEquals(0, created.get(0).path("domains").size(), "created without a domain: HF orgs have none");
        assertEquals(List.of(ENGINES), orgs.aliasesOf(hf.realm().user(ada.preferredUsername()).get("id").asText()));
    }

    @Test
    void givenTheHfDisplayNameIsTakenByAnotherOrganization_thenTheCreatedOneIsNamedAfterTheHandle() {
        HuggingFaceFixture hf = fixture(Map.of(), Map.of("createOrganizations", "true"));
        Organizations orgs = new Organizations(hf.realm());
        orgs.create("Analytical Engines", "an-admins-org"); // same display name, another alias
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        List<JsonNode> created = orgs.linkedTo(HuggingFaceFixture.ORG_ENGINES_ID);
        assertEquals(1, created.size(), "created, linked: " + created);
        assertEquals(ENGINES, created.get(0).get("name").asText(), "the display name is taken: named after the handle");
        assertEquals(List.of(ENGINES, "other-org"), orgs.aliasesOf(hf.realm().user(ada.preferredUsername()).get("id").asText()),
                "the admin's organization of the same display name is not joined");
    }

    @Test
    void givenAMixedCaseHandleInTheAllowList_thenTheOrganizationWithTheLowerCaseAliasIsAdopted() {
        HuggingFaceFixture hf = fixture(Map.of("allowedOrganizations", "Qwen"), Map.of());
        Organizations orgs = new Organizations(hf.realm());
        String qwen = orgs.create("Qwen", "qwen");
        String qwenId = String.format(Locale.ROOT, "%024x", System.nanoTime());
        HfUser member = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("qwen-member")).name("Qwen Member").email(hf.handle("qwen-member") + "@example.com"))
                .addOrg(HfUser.org(qwenId, "Qwen", "Qwen"));

        assertTrue(Attempt.signIn(hf, member.preferredUsername()).end().inApp());

        assertEquals(List.of(qwen), orgs.idsOf(hf.realm().user(member.preferredUsername()).get("id").asText()));
        assertEquals(List.of(qwenId), orgs.attribute(qwen, "huggingface.orgId"), "HF writes Qwen, the alias is qwen: linked");
    }

    @Test
    void givenImport_thenOnlyTheFirstSignInJoins_andLegacyLeavesAsForceDoes() {
        HuggingFaceFixture imported = fixture(Map.of("syncMode", "IMPORT"), Map.of("createOrganizations", "true"));
        HfUser ada = imported.ada();
        assertTrue(Attempt.signIn(imported, ada.preferredUsername()).end().inApp());
        String adaId = imported.realm().user(ada.preferredUsername()).get("id").asText();
        Organizations importedOrgs = new Organizations(imported.realm());
        assertEquals(List.of(ENGINES, "other-org"), importedOrgs.aliasesOf(adaId));
        ada.orgs(List.of(ada.org(HuggingFaceFixture.ORG_OTHER_ID)));
        assertTrue(Attempt.signIn(imported, ada.preferredUsername()).end().inApp());
        assertEquals(List.of(ENGINES, "other-org"), importedOrgs.aliasesOf(adaId), "IMPORT: nothing changes after the first sign-in");

        HuggingFaceFixture legacy = fixture(Map.of("syncMode", "LEGACY"), Map.of("createOrganizations", "true"));
        HfUser grace = legacy.ada();
        assertTrue(Attempt.signIn(legacy, grace.preferredUsername()).end().inApp());
        String graceId = legacy.realm().user(grace.preferredUsername()).get("id").asText();
        grace.orgs(List.of(grace.org(HuggingFaceFixture.ORG_OTHER_ID)));
        assertTrue(Attempt.signIn(legacy, grace.preferredUsername()).end().inApp());
        assertEquals(List.of("other-org"), new Organizations(legacy.realm()).aliasesOf(graceId), "LEGACY: as FORCE, the org left is left");
    }

    @Test
    void givenCreateOrganizationsOff_thenNoOrganizationIsCreated_andAMinimumRoleLimitsMembership() {
        HuggingFaceFixture hf = fixture(Map.of("allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID + "##" + HuggingFaceFixture.ORG_OTHER_ID),
                Map.of("minimumRole", "admin", "createOrganizations", "true"));
        Organizations orgs = new Organizations(hf.realm());
        orgs.create("Other Org", "other-org");
        HfUser ada = hf.ada(); // admin of analytical-engines, no reported role in other-org

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        assertEquals(List.of(ENGINES), orgs.aliasesOf(hf.realm().user(ada.preferredUsername()).get("id").asText()),
                "only the org where HF reports at least admin");

        HuggingFaceFixture off = fixture(Map.of(), Map.of());
        HfUser grace = off.ada();
        assertTrue(Attempt.signIn(off, grace.preferredUsername()).end().inApp());
        Organizations none = new Organizations(off.realm());
        assertEquals(List.of(), none.all(), "createOrganizations is off by default");
        assertEquals(List.of(), none.linkedTo(HuggingFaceFixture.ORG_ENGINES_ID), "none created, listed or not");
    }

    @Test
    void givenForce_whenTheUserLeftTheOrg_thenOnlyTheMembershipTheMapperMadeIsRemoved() {
        HuggingFaceFixture hf = fixture(Map.of("syncMode", "FORCE"), Map.of("createOrganizations", "true"));
        Organizations orgs = new Organizations(hf.realm());
        String byHand = orgs.create("Chosen By Hand", "chosen-by-hand");
        HfUser ada = hf.ada();
        Attempt.signIn(hf, ada.preferredUsername());
        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        orgs.addMember(byHand, adaId);
        assertEquals(List.of(ENGINES, "chosen-by-hand", "other-org"), orgs.aliasesOf(adaId));

        ada.orgs(List.of(ada.org(HuggingFaceFixture.ORG_OTHER_ID))); // left analytical-engines on Hugging Face
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        assertEquals(List.of("chosen-by-hand", "other-org"), orgs.aliasesOf(adaId),
                "the mapper's membership is gone, the admin's stays");
    }

    @Test
    void givenRoleGroups_thenTheMemberIsInTheOrganizationGroupOfTheirRole_andMovesWhenItChanges() {
        // HF reports a role only for orgs the app asked for by ID (the allow-list's IDs go out as orgIds).
        HuggingFaceFixture hf = fixture(Map.of("syncMode", "FORCE",
                        "allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID + "##" + HuggingFaceFixture.ORG_OTHER_ID),
                Map.of("createOrganizations", "true", "roleGroups", "true"));
        boolean offered = hf.realm().mapperTypeProperties(TestRealm.IDP_ALIAS, MAPPER).contains("roleGroups");
        if (!KeycloakVersion.atLeast(LiveEnvironment.get().keycloak().version(), 26, 7)) {
            assertFalse(offered, "no organization groups before Keycloak 26.7: the option is not offered");
            HfUser ada = hf.ada();
            assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp(), "a stored option does nothing there");
            return;
        }
        assertTrue(offered, "Keycloak 26.7 has organization groups: the option is offered");
        Organizations orgs = new Organizations(hf.realm());
        HfUser ada = hf.ada(); // admin of analytical-engines; no role in other-org
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());
        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        String engines = orgs.idOf(adaId, ENGINES);
        assertEquals(List.of("admin"), hf.realm().organizationGroupsOf(engines, adaId), "the group of her HF role");
        assertEquals(List.of(), hf.realm().organizationGroupsOf(orgs.idOf(adaId, "other-org"), adaId), "no role reported, no group");
        String reviewers = hf.realm().createOrganizationGroup(engines, "reviewers");
        hf.realm().addOrganizationGroupMember(engines, reviewers, adaId);

        ada.org(HuggingFaceFixture.ORG_ENGINES_ID).put("roleInOrg", "write"); // demoted on Hugging Face
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        assertEquals(List.of("reviewers", "write"), hf.realm().organizationGroupsOf(engines, adaId),
                "moved from admin to write; the admin's own group stays");
    }

    /**
     * A first sign-in joining many organizations takes the fast way on 26.6+ ({@code OrganizationJoins}: the first through
     * Keycloak's addMember, the others by the organization's group). Each membership must still be what Keycloak makes:
     * listed in the organization's Members tab as unmanaged, in the user's Organizations tab, in the token, and the same
     * after a returning sign-in (served from the cache the mapper warmed).
     */
    @Test
    void givenAFirstSignInIntoManyOrganizations_thenEveryMembershipIsAsKeycloakMakesIt_andTheTokenNamesThemAll() throws Exception {
        HuggingFaceFixture hf = fixture(Map.of("syncMode", "FORCE"), Map.of("createOrganizations", "true"));
        Organizations orgs = new Organizations(hf.realm());
        HfUser ada = hf.ada(); // analytical-engines and other-org: the mapper creates them
        List<String> aliases = new ArrayList<>(List.of(ENGINES, "other-org"));
        for (int i = 0; i < 4; i++) { // linked by an admin beforehand
            String alias = "team-" + i;
            String orgId = String.format(Locale.ROOT, "%024x", 0x7e0000L + i);
            String id = hf.realm().createOrganization("Team " + i, alias, Map.of("huggingface.orgId", List.of(orgId)));
            assertEquals(List.of(), orgs.members(id), "an admin looked at the empty organization (Keycloak may cache that)");
            ada.addOrg(HfUser.org(orgId, "Team " + i, alias));
            aliases.add(alias);
        }
        aliases.sort(null);

        JsonNode first = signInAskingFor(hf, ada, "organization:*"); // all of them: a user in several

        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertEquals(aliases, orgs.aliasesOf(adaId), "the user's Organizations tab lists each");
        for (String orgId : orgs.idsOf(adaId)) {
            JsonNode member = orgs.member(orgId, adaId);
            assertEquals("UNMANAGED", member.path("membershipType").asText(),
                    "listed in the organization's Members tab as an unmanaged member, as addMember makes it: " + member);
        }
        assertEquals(aliases, organizationClaim(first), "the app's token names every organization: "
                + SignInFlow.claims(first.get("access_token").asText()));
        assertEquals(orgs.idsOf(adaId), joinEvents(adaId), "Keycloak's member-join event, once per organization");

        JsonNode returning = signInAskingFor(hf, ada, "organization:*");

        assertEquals(aliases, orgs.aliasesOf(adaId), "a returning sign-in with nothing changed keeps them");
        assertEquals(aliases, organizationClaim(returning), "and the token still names every organization");
        assertEquals(orgs.idsOf(adaId), joinEvents(adaId), "and joins nothing again");
    }

    /** The organizations whose member-join event named this user, sorted, once per event ({@code OrganizationEventProbe}). */
    private static List<String> joinEvents(String userId) throws Exception {
        String tail = " user " + userId;
        return Files.readAllLines(LiveEnvironment.get().keycloak().logFile()).stream()
                .filter(line -> line.contains(OrganizationEventProbe.MARK) && line.endsWith(tail))
                .map(line -> line.substring(line.indexOf(OrganizationEventProbe.MARK) + OrganizationEventProbe.MARK.length())
                        .replace(" organization ", "").replace(tail, "").strip())
                .sorted().toList();
    }

    /** The aliases the {@code organization} claim of an access token names, sorted. */
    private static List<String> organizationClaim(JsonNode tokens) throws Exception {
        JsonNode claim = SignInFlow.claims(tokens.get("access_token").asText()).get("organization");
        List<String> aliases = new ArrayList<>();
        if (claim != null && claim.isArray()) {
            claim.forEach(alias -> aliases.add(alias.asText()));
        } else if (claim != null && claim.isObject()) {
            claim.fieldNames().forEachRemaining(aliases::add);
        }
        aliases.sort(null);
        return aliases;
    }

    @Test
    void givenOrganizationsSwitchedOffInTheRealm_thenSignInWorksAndTheMapperWarnsOnce() throws Exception {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        hf.realm().addMapper("organizations", MAPPER, Map.of("syncMode", "FORCE", "createOrganizations", "true"));
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        String warning = "does nothing: Organizations are not enabled";
        long warnings = Files.readAllLines(LiveEnvironment.get().keycloak().logFile()).stream()
                .filter(line -> line.contains(warning) && line.contains(hf.realm().name())).count();
        assertEquals(1, warnings, "one warning for the realm, not one per sign-in");
    }

    /** The server option {@code --features-disabled=organization}, on the run's second Keycloak. */
    @Test
    void givenTheOrganizationsFeatureOffAtTheServer_thenSignInWorksTheUserIsMadeAndTheMapperWarnsOnce() throws Exception {
        LiveEnvironment.Resources featureOff = OtherKeycloak.get();
        HuggingFaceFixture hf = new HuggingFaceFixture(featureOff).withProvider(Map.of());
        hf.realm().addMapper("organizations", MAPPER, Map.of("syncMode", "FORCE", "createOrganizations", "true"));
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp(), "first sign-in");
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp(), "returning sign-in");

        JsonNode user = hf.realm().user(ada.preferredUsername());
        assertEquals(ada.preferredUsername(), user.get("username").asText(), "the user is made as without the mapper");
        String warning = "does nothing: Organizations are not enabled";
        long warnings = Files.readAllLines(featureOff.keycloak().logFile()).stream()
                .filter(line -> line.contains(warning) && line.contains(hf.realm().name())).count();
        assertEquals(1, warnings, "one warning for the realm, not one per sign-in");
    }

    @Test
    void givenMembersOfANewOrgSigningInAtOnce_thenExactlyOneOrganizationWithAllOfThem() throws Exception {
        HuggingFaceFixture hf = fixture(Map.of(), Map.of("createOrganizations", "true"));
        // Held together at userinfo, the sign-ins still reach the creation a few milliseconds apart, so one round
        // does not always collide: a new organization per round, until one did. Every round is checked.
        long collisions = 0;
        int rounds = 0;
        for (; rounds < RACE_ROUNDS && collisions == 0; rounds++) {
            int round = rounds;
            String org = hf.handle("fresh-org-" + round);
            String orgId = String.format(Locale.ROOT, "%024x", System.nanoTime());
            String orgName = "Fresh Org " + round;
            List<String> members = IntStream.range(0, 8).mapToObj(i -> hf.handle("m" + i + "-of-" + org)).toList();
            members.forEach(handle -> hf.huggingFace().addUser(HfUser.withHandle(handle).name("Member " + handle))
                    .addOrg(HfUser.org(orgId, orgName, org)));

            hf.huggingFace().behaviour().holdUserInfoUntil(members.size(), Duration.ofSeconds(30)); // all reach the mapper together
            LoadRound signIns = LoadRound.run(new HttpLoginFlow(), hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri()),
                    members, members.size(), Duration.ofSeconds(90));

            assertEquals(List.of(), signIns.errors());
            collisions += CreationRaces.lostFor(orgId);
            Organizations orgs = new Organizations(hf.realm());
            List<JsonNode> created = orgs.linkedTo(orgId);
            assertEquals(1, created.size(), "one organization: " + created);
            assertEquals(members.size(), orgs.members(created.get(0).get("id").asText()).size(), "every member in it");
        }
        // Without a collision the run proved the result right but not the race: said as a skip. The plain run's
        // SecurityCasesTableIT still fails then, as this row is observed only after a collision.
        assumeTrue(collisions >= 1, "no organization creation collided in " + rounds + " rounds of 8 sign-ins at once "
                + "(each ended with one organization holding all 8): nothing raced, so the race is untested in this run");
        SecurityCases.observe("organizations-concurrent-creation", "8 members of a Hugging Face org new to the realm sign in at "
                + "the same moment, organization mapper with `createOrganizations` on (`OrganizationsIT`)", "accepted: 8 members of a new HF org signing in at once: "
                + "at least one creation collided; all signed in, exactly one Keycloak organization with all 8 as members");
    }

    // ---- helpers ----

    /** A realm with Organizations on, the provider, and the organization mapper. */
    private static HuggingFaceFixture fixture(Map<String, Object> provider, Map<String, String> mapper) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(provider);
        hf.realm().enableOrganizations();
        Map<String, String> config = new java.util.HashMap<>(Map.of("syncMode", "INHERIT"));
        config.putAll(mapper);
        hf.realm().addMapper("organizations", MAPPER, config);
        return hf;
    }

    static JsonNode signInAskingForOrganizations(HuggingFaceFixture hf, HfUser user) {
        return signInAskingFor(hf, user, "organization");
    }

    /** @param organizationScope {@code organization}, or {@code organization:*} for every organization of a user in several */
    static JsonNode signInAskingFor(HuggingFaceFixture hf, HfUser user, String organizationScope) {
        hf.realm().addOptionalClientScope(TestRealm.CLIENT_ID, "organization");
        try (Browser browser = new Browser()) {
            String url = hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri())
                    .replace("scope=openid", "scope=openid%20" + AdminClient.encode(organizationScope));
            HtmlPage end = SignInFlow.allowAs(SignInFlow.clickHuggingFace(browser.open(url)), user.preferredUsername());
            SignInFlow.assertSignedIntoApp(end);
            return SignInFlow.exchangeCode(hf.realm(), end);
        }
    }

    /** The realm's organizations through the admin API, as an operator sees them. */
    private record Organizations(TestRealm realm) {

        String create(String name, String alias) {
            return realm.createOrganization(name, alias);
        }

        List<JsonNode> all() {
            return realm.organizations();
        }

        List<String> attribute(String orgId, String name) {
            List<String> values = new ArrayList<>();
            realm.organization(orgId).path("attributes").path(name).forEach(v -> values.add(v.asText()));
            return values;
        }

        List<String> members(String orgId) {
            return realm.organizationMembers(orgId);
        }

        /** The user as the organization's Members tab lists them (with the membership type); fails when not listed. */
        JsonNode member(String orgId, String userId) {
            for (JsonNode member : LiveEnvironment.get().admin().getJson("/realms/" + realm.name() + "/organizations/" + orgId
                    + "/members?max=1000")) {
                if (userId.equals(member.path("id").asText())) {
                    return member;
                }
            }
            throw new AssertionError("the user is not listed in the members of organization " + orgId);
        }

        void addMember(String orgId, String userId) {
            realm.addOrganizationMember(orgId, userId);
        }

        /**
         * The organizations linked to an HF org ID, found by that attribute. Keycloak 26.3's organization list leaves
         * out organizations without a domain (its query joins the domains), as the mapper creates them.
         */
        List<JsonNode> linkedTo(String hfOrgId) {
            List<JsonNode> found = new ArrayList<>();
            LiveEnvironment.get().admin().getJson("/realms/" + realm.name() + "/organizations?max=1000&q="
                    + AdminClient.encode("huggingface.orgId:" + hfOrgId)).forEach(found::add);
            return found;
        }

        /** The user's organizations, as the Organizations tab of the user in the admin console lists them. */
        List<JsonNode> of(String userId) {
            List<JsonNode> found = new ArrayList<>();
            LiveEnvironment.get().admin().getJson("/realms/" + realm.name() + "/organizations/members/" + userId
                    + "/organizations").forEach(found::add);
            return found;
        }

        String idOf(String userId, String alias) {
            return of(userId).stream().filter(o -> alias.equals(o.get("alias").asText())).map(o -> o.get("id").asText())
                    .findFirst().orElseThrow(() -> new AssertionError("the user is in no organization " + alias));
        }

        List<String> idsOf(String userId) {
            return of(userId).stream().map(o -> o.get("id").asText()).sorted().toList();
        }

        List<String> aliasesOf(String userId) {
            return of(userId).stream().map(o -> o.get("alias").asText()).sorted().toList();
        }
    }
}
