package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static dev.hflogin.keycloak.it.MapperSyncModesIT.signIn;
import static dev.hflogin.keycloak.it.MapperSyncModesIT.userId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The organization-role mapper over several sign-ins of one user whose organizations change on
 * Hugging Face in between, per sync mode, with the semantics of Keycloak's AbstractClaimToRoleMapper:
 * granted on import; IMPORT changes nothing afterwards; LEGACY only takes the role away from a user
 * no longer a member, never grants it; FORCE grants and takes away, but never takes away a role
 * another mapper granted in the same sign-in. What is checked is what an operator sees through the
 * admin REST API.
 */
@ExtendWith(LiveEnvironment.class)
class RoleMapperSyncModesIT {

    private static final String ROLE = "hf-engineers";
    private static final String ORG = "analytical-engines";
    /** Without it (or an allow-list) HF sends no orgs claim. */
    private static final Map<String, Object> MEMBERSHIPS = Map.of("additionalScopes", "read-memberships");
    /** Each run is a fresh realm, whose mappers Keycloak may apply in another order. */
    private static final int RUNS = 6;

    @Test
    void givenMinimumRole_whenNewUsersSignIn_thenOnlyMembersWithThatRoleInTheOrgGetTheRole() {
        // The org ID in the allow-list makes Keycloak ask HF for orgIds, so HF reveals roleInOrg.
        HuggingFaceFixture hf = new HuggingFaceFixture()
                .withProvider(Map.of("allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID));
        TestRealm realm = hf.realm();
        realm.createRealmRole(ROLE);
        realm.createRealmRole("hf-members");
        addOrgRoleMapper(realm, "writers", "INHERIT", ORG, ROLE, "write");
        addOrgRoleMapper(realm, "members", "INHERIT", HuggingFaceFixture.ORG_ENGINES_ID, "hf-members", "any");
        HfUser ada = hf.ada(); // admin of analytical-engines
        HfUser grace = HfUser.withHandle(hf.handle("grace")).name("Grace Hopper");
        grace.addOrg(HfUser.org(HuggingFaceFixture.ORG_ENGINES_ID, "Analytical Engines", ORG).put("roleInOrg", "read"));
        hf.huggingFace().addUser(grace);

        signIn(hf, ada);
        signIn(hf, grace);

        assertTrue(realm.realmRoles(userId(hf, ada)).containsAll(List.of(ROLE, "hf-members")),
                "admin ≥ write: both roles; has " + realm.realmRoles(userId(hf, ada)));
        List<String> graceRoles = realm.realmRoles(userId(hf, grace));
        assertTrue(graceRoles.contains("hf-members"), "any member, by org ID: " + graceRoles);
        assertFalse(graceRoles.contains(ROLE), "read < write: no " + ROLE + "; has " + graceRoles);
    }

    @Test
    void givenImportMode_whenTheUserLeftTheOrg_thenTheRoleIsKept() {
        HuggingFaceFixture hf = fixtureWithOrgRoleMapper("IMPORT");
        HfUser ada = hf.ada();
        signIn(hf, ada);
        assertHasRole(hf, ada, true, "first sign-in, member");

        ada.leaveOrg(ORG);
        signIn(hf, ada);

        assertHasRole(hf, ada, true, "IMPORT: left the org on HF, role kept");
    }

    @Test
    void givenImportMode_whenTheUserJoinedTheOrgAfterTheFirstSignIn_thenNoRoleIsGranted() {
        HuggingFaceFixture hf = fixtureWithOrgRoleMapper("IMPORT");
        HfUser ada = hf.ada().leaveOrg(ORG);
        signIn(hf, ada);
        assertHasRole(hf, ada, false, "first sign-in, not a member");

        rejoin(ada);
        signIn(hf, ada);

        assertHasRole(hf, ada, false, "IMPORT: joined on HF later, still no role");
    }

    @Test
    void givenLegacyMode_whenTheUserLeftTheOrg_thenTheRoleIsRemoved() {
        HuggingFaceFixture hf = fixtureWithOrgRoleMapper("LEGACY");
        HfUser ada = hf.ada();
        signIn(hf, ada);
        assertHasRole(hf, ada, true, "first sign-in, member");

        ada.leaveOrg(ORG);
        signIn(hf, ada);

        assertHasRole(hf, ada, false, "LEGACY: no longer a member, role removed");
    }

    @Test
    void givenLegacyMode_whenTheUserJoinedTheOrgAfterTheFirstSignIn_thenNoRoleIsGranted() {
        HuggingFaceFixture hf = fixtureWithOrgRoleMapper("LEGACY");
        HfUser ada = hf.ada().leaveOrg(ORG);
        signIn(hf, ada);
        assertHasRole(hf, ada, false, "first sign-in, not a member");

        rejoin(ada);
        signIn(hf, ada);

        assertHasRole(hf, ada, false, "LEGACY never grants after import: joined on HF later, still no role");
    }

    @Test
    void givenForceMode_whenTheUserLeavesAndRejoinsTheOrg_thenTheRoleIsRemovedAndGrantedAgain() {
        HuggingFaceFixture hf = fixtureWithOrgRoleMapper("FORCE");
        HfUser ada = hf.ada();
        signIn(hf, ada);
        assertHasRole(hf, ada, true, "first sign-in, member");

        ada.leaveOrg(ORG);
        signIn(hf, ada);
        assertHasRole(hf, ada, false, "FORCE: left the org, role removed");

        rejoin(ada);
        signIn(hf, ada);
        assertHasRole(hf, ada, true, "FORCE: member again, role granted again");
    }

    @Test
    void givenForceModeAndAHardcodedRoleMapperForTheSameRole_whenTheUserLeftTheOrg_thenTheRoleIsKept() {
        assertRoleKeptInEveryRun("hardcoded-role-idp-mapper", (realm, id) ->
                realm.addMapper(id, "everyone", "oidc-hardcoded-role-idp-mapper", Map.of("syncMode", "FORCE", "role", ROLE)),
                ada -> ada.leaveOrg(ORG));
        SecurityCases.observe("mapper-role-force-hardcoded", "role mapper (FORCE) and Keycloak's Hardcoded Role mapper grant the same role; the user left the org; 6 realms, both mapper orders",
                "accepted: role kept in " + RUNS + " of " + RUNS
                + " runs, whichever mapper runs first");
    }

    @Test
    void givenForceModeAndKeycloaksClaimToRoleMapperForTheSameRole_whenTheUserLeftTheOrgButIsPro_thenTheRoleIsKept() {
        assertRoleKeptInEveryRun("oidc-role-idp-mapper", (realm, id) ->
                realm.addMapper(id, "pro users", "oidc-role-idp-mapper",
                        Map.of("syncMode", "FORCE", "claim", "isPro", "claim.value", "true", "role", ROLE)),
                ada -> ada.leaveOrg(ORG).isPro(true));
        SecurityCases.observe("mapper-role-force-claim-to-role", "role mapper and Keycloak's Claim to Role (`isPro`), both FORCE, same role; the user left the org but is Pro; 6 realms",
                "accepted: role kept in " + RUNS + " of " + RUNS
                + " runs, whichever mapper runs first");
    }

    /**
     * The other way round, beyond Keycloak's own mappers among themselves: when the org mapper grants
     * the role, it records the grant as Keycloak's claim mappers do, so a FORCE Claim to Role mapper
     * whose claim does not match (the user is not Pro) leaves the role alone.
     */
    @Test
    void givenForceModeAndKeycloaksClaimToRoleMapperForTheSameRole_whenTheUserIsAMemberButNotPro_thenTheRoleIsKept() {
        assertRoleKeptInEveryRun("oidc-role-idp-mapper", (realm, id) ->
                realm.addMapper(id, "pro users", "oidc-role-idp-mapper",
                        Map.of("syncMode", "FORCE", "claim", "isPro", "claim.value", "true", "role", ROLE)),
                ada -> ada.isPro(false));
    }

    @Test
    void givenForceModeAndAClientRole_whenTheUserLeavesTheOrg_thenTheClientRoleIsGrantedThenRemoved() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        TestRealm realm = hf.realm();
        realm.createClientRole(TestRealm.CLIENT_ID, "hf-client-role");
        addOrgRoleMapper(realm, "engineers", "FORCE", ORG, TestRealm.CLIENT_ID + ".hf-client-role", "any");
        HfUser ada = hf.ada();

        signIn(hf, ada);
        String id = userId(hf, ada);
        assertEquals(List.of("hf-client-role"), realm.clientRoles(id, TestRealm.CLIENT_ID), "member: client role granted");

        ada.leaveOrg(ORG);
        signIn(hf, ada);
        assertEquals(List.of(), realm.clientRoles(id, TestRealm.CLIENT_ID), "FORCE: left the org, client role removed");
    }

    // ---- helpers ----

    /**
     * Our FORCE mapper and another mapper grant the same role; the user changes on HF so that exactly
     * one of them still applies, signs in again and must keep the role. Run in several fresh realms,
     * as the outcome can depend on the order Keycloak applies the mappers in: the order of their IDs
     * (see TestRealm#addMapper), which the test chooses, alternating, and checks in the order the admin
     * API lists them (the same query): both orders run.
     */
    private static void assertRoleKeptInEveryRun(String other, BiConsumer<TestRealm, String> addOtherMapperWithId,
                                                 Consumer<HfUser> changeBeforeSecondSignIn) {
        List<String> lost = new ArrayList<>();
        Set<String> firstApplied = new HashSet<>();
        for (int run = 0; run < RUNS; run++) {
            HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
            TestRealm realm = hf.realm();
            realm.createRealmRole(ROLE);
            boolean oursFirst = run % 2 == 0;
            String early = "0" + UUID.randomUUID().toString().substring(1);
            String late = "f" + UUID.randomUUID().toString().substring(1);
            if (oursFirst) {
                addOtherMapperWithId.accept(realm, late);
                addOrgRoleMapper(realm, early, "engineers", "FORCE", ORG, ROLE, "any");
            } else {
                addOrgRoleMapper(realm, late, "engineers", "FORCE", ORG, ROLE, "any");
                addOtherMapperWithId.accept(realm, early);
            }
            List<String> applied = realm.mapperNames();
            assertEquals(oursFirst, applied.get(0).equals("engineers"), "run " + run + ": mappers in the order " + applied);
            firstApplied.add(applied.get(0));
            HfUser ada = hf.ada();
            signIn(hf, ada);
            assertHasRole(hf, ada, true, "first sign-in, run " + run);

            changeBeforeSecondSignIn.accept(ada);
            signIn(hf, ada);

            if (!realm.realmRoles(userId(hf, ada)).contains(ROLE)) {
                lost.add("run " + run + " (mappers applied in the order " + applied + ")");
            }
        }
        assertEquals(2, firstApplied.size(), "each mapper ran first in some run: " + firstApplied);
        assertEquals(List.of(), lost, "org mapper 'engineers' and " + other + " grant " + ROLE
                + "; in the second sign-in one applies, the other does not: the role must stay; lost in");
    }

    private static HuggingFaceFixture fixtureWithOrgRoleMapper(String syncMode) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(MEMBERSHIPS);
        hf.realm().createRealmRole(ROLE);
        addOrgRoleMapper(hf.realm(), "engineers", syncMode, ORG, ROLE, "any");
        return hf;
    }

    private static void addOrgRoleMapper(TestRealm realm, String name, String syncMode, String organization,
                                         String role, String minimumRole) {
        addOrgRoleMapper(realm, null, name, syncMode, organization, role, minimumRole);
    }

    private static void addOrgRoleMapper(TestRealm realm, String id, String name, String syncMode, String organization,
                                         String role, String minimumRole) {
        realm.addMapper(id, name, "huggingface-organization-role-mapper", Map.of("syncMode", syncMode,
                "organization", organization, "role", role, "minimumRole", minimumRole));
    }

    private static void rejoin(HfUser ada) {
        ada.addOrg(HfUser.org(HuggingFaceFixture.ORG_ENGINES_ID, "Analytical Engines", ORG));
    }

    private static void assertHasRole(HuggingFaceFixture hf, HfUser user, boolean expected, String when) {
        List<String> roles = hf.realm().realmRoles(userId(hf, user));
        assertEquals(expected, roles.contains(ROLE), when + ": expected " + (expected ? "" : "no ") + ROLE + ", has " + roles);
    }
}
