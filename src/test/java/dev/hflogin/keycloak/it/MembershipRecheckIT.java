package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.CannedResponse;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static dev.hflogin.keycloak.it.AdminClient.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access follows Hugging Face after sign-in: with "Re-check membership" on, a signed-in user who
 * leaves the allowed organization, or revokes the app, loses their Keycloak sessions, refresh tokens
 * and offline tokens within the interval (here {@value #INTERVAL_SECONDS} s, the server ticking every
 * 2 s: {@link DistributionKeycloakServer#recheckTickOption}), with no browser involved. Hugging Face down
 * changes nothing within the grace period.
 */
@ExtendWith(LiveEnvironment.class)
@OnWaitingLane
class MembershipRecheckIT {

    private static final int INTERVAL_SECONDS = 4;
    /** Interval + tick + a check, with room for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void givenAMemberRemovedFromTheAllowedOrganization_thenSessionsRefreshAndOfflineTokensEndWithinTheBound() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        SignedIn ada = signIn(hf, hf.ada(), "3600");
        try {
            ada.assertHasAccess();
            long left = System.nanoTime();
            ada.user.leaveOrg("analytical-engines");

            assertTrue(waitUntil(BOUND, ada::sessionsGone), "sessions still there after " + BOUND);
            Duration took = Duration.ofNanos(System.nanoTime() - left);
            ada.assertAccessEnded();
            JsonNode event = ada.recheckEvent();
            assertEquals("not_a_member", event.path("details").path("huggingface_recheck_rule").asText(), event.toString());
            assertEquals("1", event.path("details").path("offline_sessions_ended").asText(), event.toString());
            assertFalse(event.toString().contains(ada.refreshToken), "no token in the event");
            assertTrue(keycloakLog().contains("Hugging Face re-check ended access: realm=" + hf.realm().name()),
                    "a log line to alert on");

            try (Browser browser = new Browser()) {
                HtmlPage page = SignInFlow.allowAs(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm()), hf.huggingFace()),
                        ada.user.preferredUsername());
                assertNotEquals(TestApp.SIGNED_IN_TITLE, page.getTitleText(), "the next sign-in is refused");
            }
            System.out.println("RECHECK: member removed on HF, access ended after " + took.toMillis()
                    + " ms (interval " + INTERVAL_SECONDS + " s, tick 2 s)");
            SecurityCases.observe("recheck-member-removed", "a signed-in member is removed from the allowed organization on Hugging Face",
                    "access ended: sessions, refresh and offline tokens ended within 30 s without a sign-in "
                            + "(interval 4 s, tick 2 s); LOGOUT event rule not_a_member; next sign-in refused");
        } finally {
            hf.realm().disableIdentityProvider();
        }
    }

    @Test
    void givenTheUserRevokedTheAppOnHuggingFace_thenTheirAccessEndsWithinTheBound() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        SignedIn ada = signIn(hf, hf.ada(), "3600");
        try {
            ada.assertHasAccess();
            hf.huggingFace().revokeTokens(ada.user.sub());

            assertTrue(waitUntil(BOUND, ada::sessionsGone), "sessions still there after " + BOUND);
            ada.assertAccessEnded();
            assertEquals("grant_revoked", ada.recheckEvent().path("details").path("huggingface_recheck_rule").asText());
            SecurityCases.observe("recheck-grant-revoked", "a signed-in user revokes the app on Hugging Face",
                    "access ended: sessions, refresh and offline tokens ended within 30 s; LOGOUT event rule grant_revoked");
        } finally {
            hf.realm().disableIdentityProvider();
        }
    }

    @Test
    void givenHuggingFaceDownForLongerThanTheInterval_thenNobodyIsSignedOutWithinTheGracePeriodAndTheLogSaysSo() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        // The grace period runs from the first check that failed, at most an interval and a tick after the outage began.
        int graceSeconds = 12;
        SignedIn ada = signIn(hf, hf.ada(), String.valueOf(graceSeconds));
        try {
            ada.assertHasAccess();
            long down = System.nanoTime();
            hf.huggingFace().behaviour().userInfoOutage(CannedResponse.json(503, "{\"error\":\"server_error\"}"));

            // Two intervals of Hugging Face failing, inside the grace period however late the first check failed.
            sleep(Duration.ofSeconds(2L * INTERVAL_SECONDS));
            assertFalse(hf.huggingFace().requests("/oauth/userinfo").isEmpty(), "the re-check asked Hugging Face");
            assertFalse(ada.sessionsGone(), "signed out while Hugging Face was down, within the grace period");
            assertEquals(200, ada.refresh(ada.refreshToken).statusCode(), "refresh still works");
            assertTrue(keycloakLog().contains("Hugging Face re-check could not reach Hugging Face: realm=" + hf.realm().name()),
                    "the log says Hugging Face could not be reached");

            // After the grace period the default fails closed.
            assertTrue(waitUntil(Duration.ofSeconds(graceSeconds).plus(BOUND), ada::sessionsGone), "still signed in after the grace period");
            Duration took = Duration.ofNanos(System.nanoTime() - down);
            assertTrue(took.toSeconds() >= graceSeconds, "ended only after the grace period, took " + took);
            assertEquals("unreachable_after_grace", ada.recheckEvent().path("details").path("huggingface_recheck_rule").asText());
            SecurityCases.observe("recheck-huggingface-down", "Hugging Face userinfo answers 503 for longer than the interval",
                    "accepted: nobody signed out within the 12 s grace period, a warning logged at each check; "
                            + "after it, access ended (after grace: end-sessions, the default)");
        } finally {
            hf.huggingFace().behaviour().reset();
            hf.realm().disableIdentityProvider();
        }
    }

    @Test
    void givenAUserStillInTheOrganization_thenRecheckedAndUntouched() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        SignedIn ada = signIn(hf, hf.ada(), "3600");
        try {
            ada.assertHasAccess();
            int atSignIn = hf.huggingFace().requests("/oauth/userinfo").size();
            // Two checks: the first one's outcome is applied long before the second asks Hugging Face.
            waitUntil(BOUND, () -> hf.huggingFace().requests("/oauth/userinfo").size() >= atSignIn + 2);

            assertTrue(hf.huggingFace().requests("/oauth/userinfo").size() >= atSignIn + 2, "re-checked at Hugging Face more "
                    + "than once, without a sign-in: " + (hf.huggingFace().requests("/oauth/userinfo").size() - atSignIn));
            assertFalse(ada.sessionsGone());
            assertEquals(200, ada.refresh(ada.refreshToken).statusCode());
            assertEquals(200, ada.refresh(ada.offlineToken).statusCode());
            assertTrue(ada.recheckEvents().isEmpty(), "no re-check event for a member");
        } finally {
            hf.realm().disableIdentityProvider();
        }
    }

    @Test
    void givenRecheckOnWithoutStoreTokens_thenTheAdminCannotSaveIt() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Map<String, Object> config = new HashMap<>(Map.of("recheckMembership", "true", "allowedOrganizations", "analytical-engines"));
        config.put("baseUrl", hf.huggingFace().baseUrl());
        // Refused, so no provider is saved and nothing re-checks: nothing to switch off afterwards.
        AdminClient.Response refused = hf.realm().addHuggingFace(hf.hfClientId(), hf.hfClientSecret(), config);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("Store tokens"), refused.body());
    }

    @Test
    void givenAForceOrganizationGroupMapper_whenTheUserJoinsAndLeavesOrganizationsOnHuggingFace_thenGroupsFollowWithinTheBound() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Map<String, Object> config = new HashMap<>(recheck("3600"));
        config.put("additionalScopes", "read-memberships"); // no allow-list: only the mapper asks for re-checks
        hf.withProvider(config);
        hf.realm().addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "FORCE", "parentGroup", "/huggingface"));
        hf.realm().createGroup("/staff");
        SignedIn ada = signedIn(hf, hf.ada());
        // A realm made later with the same provider alias and no mapper: the re-check once read that realm's mappers.
        HuggingFaceFixture newer = HuggingFaceFixture.onWaitingLane().withProvider(Map.of());
        try {
            assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"), groupPaths(hf, ada.userId));
            hf.realm().joinGroup(ada.userId, "/staff");

            ada.user.leaveOrg("other-org").addOrg(HfUser.org("67d2c3d4e5f6a7b8c9d0e1f3", "Babbage Club", "babbage-club"));

            List<String> expected = List.of("/huggingface/analytical-engines", "/huggingface/babbage-club", "/staff");
            assertTrue(waitUntil(BOUND, () -> expected.equals(groupPaths(hf, ada.userId))),
                    "groups did not follow within " + BOUND + ": " + groupPaths(hf, ada.userId));
            List<JsonNode> events = hf.realm().events("UPDATE_PROFILE").stream()
                    .filter(e -> "huggingface_membership_recheck".equals(e.path("details").path("reason").asText())).toList();
            assertEquals(1, events.size(), events.toString());
            assertEquals("/huggingface/babbage-club", events.get(0).path("details").path("groups_joined").asText());
            assertEquals("/huggingface/other-org", events.get(0).path("details").path("groups_left").asText());
            assertFalse(ada.sessionsGone(), "no allow-list: the user keeps their sessions");
            SecurityCases.observe("recheck-mapper-follows", "a signed-in user leaves one Hugging Face organization and joins another "
                    + "(organization group mapper FORCE, no allow-list; another realm with a provider of the same alias and no mapper made later)", "accepted: groups followed within 30 s without a sign-in "
                    + "(joined the new organization's group, left the old one's, the admin's /staff kept); UPDATE_PROFILE event; sessions kept");

            ada.user.orgs(List.of());
            assertTrue(waitUntil(BOUND, () -> List.of("/staff").equals(groupPaths(hf, ada.userId))),
                    "in no org on HF, so in no group under the parent; the admin's /staff kept: " + groupPaths(hf, ada.userId)
                            + "; userinfo calls at Hugging Face: " + hf.huggingFace().requests("/oauth/userinfo").stream()
                            .map(RecordedRequest::timestamp).toList());
        } finally {
            newer.realm().disableIdentityProvider();
            hf.realm().disableIdentityProvider();
        }
    }

    @Test
    void givenRoleGroupsAndForce_whenTheUsersRoleChangesOnHuggingFace_thenTheRecheckMovesThemToTheGroupOfTheNewRole() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Map<String, Object> config = new HashMap<>(recheck("3600"));
        // HF reports a role only for orgs the app asked for by ID: the allow-list's IDs go out as orgIds.
        config.put("allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID);
        hf.withProvider(config);
        hf.realm().enableOrganizations();
        hf.realm().addMapper("organizations", "huggingface-organization-member-mapper",
                Map.of("syncMode", "FORCE", "createOrganizations", "true", "roleGroups", "true"));
        boolean organizationGroups = KeycloakVersion.atLeast(LiveEnvironment.get().keycloak().version(), 26, 7);
        SignedIn ada = signedIn(hf, hf.ada()); // admin of analytical-engines on Hugging Face
        try {
            // The user's Organizations tab: Keycloak 26.3's organization list leaves out domain-less organizations.
            List<JsonNode> ofAda = new ArrayList<>();
            LiveEnvironment.get().admin().getJson("/realms/" + hf.realm().name() + "/organizations/members/" + ada.userId
                    + "/organizations").forEach(ofAda::add);
            assertEquals(List.of("analytical-engines"), ofAda.stream().map(org -> org.path("alias").asText()).toList());
            String engines = ofAda.get(0).path("id").asText();
            if (!organizationGroups) {
                return; // before Keycloak 26.7 there are no organization groups (OrganizationsIT: the option is not offered)
            }
            assertEquals(List.of("admin"), hf.realm().organizationGroupsOf(engines, ada.userId), "the group of her HF role");

            ada.user.org(HuggingFaceFixture.ORG_ENGINES_ID).put("roleInOrg", "write"); // demoted on Hugging Face

            assertTrue(waitUntil(BOUND, () -> List.of("write").equals(hf.realm().organizationGroupsOf(engines, ada.userId))),
                    "role group did not follow within " + BOUND + ": " + hf.realm().organizationGroupsOf(engines, ada.userId));
            List<JsonNode> events = hf.realm().events("UPDATE_PROFILE").stream()
                    .filter(e -> "huggingface_membership_recheck".equals(e.path("details").path("reason").asText())).toList();
            assertEquals(1, events.size(), events.toString());
            JsonNode details = events.get(0).path("details");
            assertEquals("analytical-engines/write", details.path("organization_groups_joined").asText(), details.toString());
            assertEquals("analytical-engines/admin", details.path("organization_groups_left").asText(), details.toString());
            assertTrue(keycloakLog().contains("Hugging Face re-check updated mapped access: realm=" + hf.realm().name()
                    + " provider=" + TestRealm.IDP_ALIAS + " user=" + ada.userId
                    + " organization_groups_joined=analytical-engines/write organization_groups_left=analytical-engines/admin"),
                    "a log line says so");
            assertFalse(ada.sessionsGone(), "still in the allowed organization: sessions kept");
        } finally {
            hf.realm().disableIdentityProvider();
        }
    }

    @Test
    void givenSecurityRestrictionsEnforced_whenTheAllowedOrganizationLaterReportsOneNotMet_thenAccessEndsWithinTheBound() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Map<String, Object> config = new HashMap<>(recheck("3600"));
        // By ID, so HF is asked for the org and shows the user's securityRestrictions there.
        config.put("allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID);
        config.put("enforceSecurityRestrictions", "true");
        hf.withProvider(config);
        SignedIn ada = signedIn(hf, hf.ada());
        try {
            ada.assertHasAccess();
            ada.user.org(HuggingFaceFixture.ORG_ENGINES_ID).putArray("securityRestrictions").add("mfa"); // the org now demands MFA

            assertTrue(waitUntil(BOUND, ada::sessionsGone), "sessions still there after " + BOUND);
            ada.assertAccessEnded();
            assertEquals("security_restrictions", ada.recheckEvent().path("details").path("huggingface_recheck_rule").asText());
            assertTrue(keycloakLog().contains("rule=security_restrictions sessions=1 offline_sessions=1 (every allowed organization "
                    + "of the user reports security restrictions not met [analytical-engines: mfa])"), "the log names the restriction");
            SecurityCases.observe("recheck-security-restrictions", "\"Enforce organization security restrictions\" on; the allowed "
                    + "organization of a signed-in member starts reporting securityRestrictions [mfa] on Hugging Face",
                    "access ended: sessions, refresh and offline tokens ended within 30 s without a sign-in; LOGOUT event rule "
                            + "security_restrictions; the log names the organization and the restriction");
        } finally {
            hf.realm().disableIdentityProvider();
        }
    }

    // ---- helpers ----

    private static List<String> groupPaths(HuggingFaceFixture hf, String userId) {
        return hf.realm().groupPaths(userId).stream().sorted().toList();
    }

    private static SignedIn signIn(HuggingFaceFixture hf, HfUser user, String graceSeconds) {
        Map<String, Object> config = new HashMap<>(recheck(graceSeconds));
        config.put("allowedOrganizations", "analytical-engines");
        hf.withProvider(config);
        return signedIn(hf, user);
    }

    /** Re-check on, every {@value #INTERVAL_SECONDS} s, with Store tokens. */
    private static Map<String, Object> recheck(String graceSeconds) {
        return Map.of("storeToken", true, "recheckMembership", "true",
                "recheckIntervalSeconds", String.valueOf(INTERVAL_SECONDS), "recheckGraceSeconds", graceSeconds);
    }

    private static SignedIn signedIn(HuggingFaceFixture hf, HfUser user) {
        try (Browser browser = new Browser()) {
            JsonNode online = SignInFlow.exchangeCode(hf.realm(), SignInFlow.signIn(browser, hf, user.preferredUsername()));
            // The same browser, already signed in, asks for an offline token too.
            HtmlPage offlinePage = browser.open(hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri())
                    .replace("scope=openid", "scope=" + encode("openid offline_access")));
            SignInFlow.assertSignedIntoApp(offlinePage);
            JsonNode offline = SignInFlow.exchangeCode(hf.realm(), offlinePage);
            assertEquals("Offline", SignInFlow.claims(offline.get("refresh_token").asText()).path("typ").asText());
            String userId = hf.realm().user(user.preferredUsername()).get("id").asText();
            hf.huggingFace().clearRequests(); // from here on, calls to Hugging Face are the re-check's
            return new SignedIn(hf, user, userId, online.get("refresh_token").asText(), offline.get("refresh_token").asText());
        }
    }

    private record SignedIn(HuggingFaceFixture hf, HfUser user, String userId, String refreshToken, String offlineToken) {

        boolean sessionsGone() {
            return hf.realm().sessions(userId).isEmpty() && hf.realm().offlineSessions(userId, TestRealm.CLIENT_ID).isEmpty();
        }

        void assertHasAccess() {
            assertFalse(hf.realm().sessions(userId).isEmpty(), "signed in");
            assertEquals(1, hf.realm().offlineSessions(userId, TestRealm.CLIENT_ID).size(), "one offline session");
        }

        void assertAccessEnded() {
            HttpResponse<String> online = refresh(refreshToken);
            assertEquals(400, online.statusCode(), "refresh token refused: " + online.body());
            HttpResponse<String> offline = refresh(offlineToken);
            assertEquals(400, offline.statusCode(), "offline token refused: " + offline.body());
            assertTrue(offline.body().contains("invalid_grant"), offline.body());
        }

        HttpResponse<String> refresh(String token) {
            String form = "grant_type=refresh_token&refresh_token=" + encode(token)
                    + "&client_id=" + TestRealm.CLIENT_ID + "&client_secret=" + TestRealm.CLIENT_SECRET;
            return SignInFlow.send(HttpRequest.newBuilder(URI.create(hf.realm().tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        List<JsonNode> recheckEvents() {
            return hf.realm().events("LOGOUT").stream()
                    .filter(e -> "huggingface_membership_recheck".equals(e.path("details").path("reason").asText())).toList();
        }

        JsonNode recheckEvent() {
            List<JsonNode> events = recheckEvents();
            assertEquals(1, events.size(), "one re-check event: " + events);
            JsonNode event = events.get(0);
            assertEquals(userId, event.path("userId").asText());
            assertEquals(TestRealm.IDP_ALIAS, event.path("details").path("identity_provider").asText());
            return event;
        }
    }

    private static boolean waitUntil(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(Duration.ofMillis(500));
        }
        return condition.getAsBoolean();
    }

    private static String keycloakLog() {
        try {
            return Files.readString(LiveEnvironment.get().keycloak().logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
