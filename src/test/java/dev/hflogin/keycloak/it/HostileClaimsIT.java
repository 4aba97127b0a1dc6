package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims Hugging Face should not send, or that collide with what the realm already has. */
@ExtendWith(LiveEnvironment.class)
class HostileClaimsIT {

    private static final String REVIEW_PROFILE_FORM = "kc-idp-review-profile-form";

    @Test
    void givenNoEmail_thenKeycloakAsksForOneAndCreatesTheUserOnlyAfterwards() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("trustEmail", true));
        HfUser user = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("noemail")).name("No Email").email(null));
        String asked;
        try (Browser browser = new Browser()) {
            HtmlPage review = signInUntilKeycloakAsks(browser, hf, user);
            asked = EndPage.of(review).message();
            assertTrue(review.getElementById(REVIEW_PROFILE_FORM) != null, review.asNormalizedText());
            assertEquals("", ((HtmlInput) review.getElementById("email")).getValue());
            assertEquals(0, hf.realm().users().size(), "no user before the form is sent");

            Browser.type(review, "email", "typed-by-the-user@example.com");
            SignInFlow.assertSignedIntoApp(submit(review));
        }
        JsonNode created = hf.realm().user(user.preferredUsername());
        assertEquals("typed-by-the-user@example.com", created.get("email").asText());
        assertFalse(created.get("emailVerified").asBoolean(), "an email the user typed is not verified");
        SecurityCases.observe("claims-no-email", "no `email`",
                "asked: \"" + asked + "\" with an empty email; user created after the form, email not verified");
    }

    @Test
    void givenEmailVerifiedFalseAndTrustEmail_thenTheEmailIsNotMarkedVerified() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("trustEmail", true));
        HfUser ada = hf.ada().emailVerified(false);

        EndPage end = Attempt.signIn(hf, ada.preferredUsername()).end();

        assertTrue(end.inApp(), end.toString());
        assertFalse(hf.realm().user(ada.preferredUsername()).get("emailVerified").asBoolean());
        SecurityCases.observe("claims-email-unverified", "`email_verified: false`, Trust email on",
                "accepted: signed in, email not marked verified");
    }

    @Test
    void givenEmailVerifiedFalseAndALocalAccountWithThatEmail_thenKeycloakAsksAndNeverLinksByItself() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("trustEmail", true));
        HfUser ada = hf.ada().emailVerified(false);
        hf.realm().createUser("local-" + ada.preferredUsername(), ada.email(), "local-password-1");

        String asked = askedOnExistingAccount(hf, ada);

        SecurityCases.observe("claims-email-unverified-existing-account", "the same, and a local account has that email",
                "asked: \"" + asked.replace(ada.email(), "{email}") + "\"; not linked");
    }

    @Test
    void givenAHandleEqualToALocalUsername_thenKeycloakAsksAndNeverLinksByItself() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("trustEmail", true));
        HfUser ada = hf.ada();
        hf.realm().createUser(ada.preferredUsername(), "someone-else@example.com", "local-password-1");

        String asked = askedOnExistingAccount(hf, ada);

        SecurityCases.observe("claims-handle-of-local-user", "handle equal to a local account's username",
                "asked: \"" + asked.replace(ada.preferredUsername(), "{handle}") + "\"; not linked");
    }

    @Test
    void givenUnicodeAndVeryLongNames_thenTheyAreKeptAndCutAt255Characters() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser accented = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("zoe")).name("Zoë Ŝtraße-Ñúñez 🤗"));
        HfUser chinese = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("li")).name("李 小龍"));
        String longFirst = "Ä".repeat(300);
        HfUser longName = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("long")).name(longFirst + " " + "Ö".repeat(300)));

        for (HfUser user : List.of(accented, chinese, longName)) {
            EndPage end = Attempt.signIn(hf, user.preferredUsername()).end();
            assertTrue(end.inApp(), user + ": " + end);
        }
        assertName(hf.realm().user(accented.preferredUsername()), "Zoë", "Ŝtraße-Ñúñez 🤗");
        assertName(hf.realm().user(chinese.preferredUsername()), "小龍", "李");
        assertName(hf.realm().user(longName.preferredUsername()), "Ä".repeat(255), "Ö".repeat(255));
        SecurityCases.observe("claims-unicode-and-long-names", "`Zoë Ŝtraße-Ñúñez 🤗`, `李 小龍`, a 601-character name",
                "accepted: signed in; names kept, each part cut to 255 characters");
    }

    @Test
    void givenAUnicodeHandle_thenKeycloakAsksForAnotherUsernameAndCreatesNoUserByItself() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        String handle = "zoë-日本-" + hf.handle("u");
        HfUser user = hf.huggingFace().addUser(HfUser.withHandle(handle).name("Zoe Unicode").email(hf.handle("zoe") + "@example.com"));
        String asked;
        try (Browser browser = new Browser()) {
            HtmlPage review = signInUntilKeycloakAsks(browser, hf, user);
            asked = EndPage.of(review).message();
            assertTrue(review.getElementById(REVIEW_PROFILE_FORM) != null, review.asNormalizedText());
            assertEquals(handle, ((HtmlInput) review.getElementById("username")).getValue(), "the handle is offered");
            assertEquals(0, hf.realm().users().size(), "no user before the form is sent");

            Browser.type(review, "username", hf.handle("zoe"));
            SignInFlow.assertSignedIntoApp(submit(review));
        }
        assertEquals(user.sub(), hf.realm().federatedIdentities(hf.realm().user(hf.handle("zoe")).get("id").asText())
                .get(0).get("userId").asText(), "linked by sub to the user the person named");
        SecurityCases.observe("claims-unicode-handle", "handle `zoë-日本-…`",
                "asked: \"" + asked + "\" with the handle as username; "
                + "user created with the username the user typed");
    }

    @Test
    void givenAHandleLongerThanKeycloakCanStore_thenTheLoginIsRefusedBeforeAnyForm() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser user = hf.huggingFace().addUser(HfUser.withHandle("l" + "o".repeat(290) + hf.handle("ng"))
                .name("Long Handle").email(hf.handle("long") + "@example.com")).hostileClaims("300-character handle");

        Refusal refusal = Refusal.assertRefused(Attempt.signIn(hf, user.preferredUsername()).end(), hf.realm(), 0);

        SecurityCases.observeRefusedUpstreamFault(hf.huggingFace(), "claims-long-handle", "a 300-character handle",
                refusal.outcome());
    }

    @Test
    void givenASubLongerThanKeycloakCanStore_thenTheLoginIsRefusedAsAnUnusableProfile() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser user = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("longsub")).name("Long Sub")
                .sub("5".repeat(300))).hostileClaims("300-character sub");

        Refusal refusal = Refusal.assertRefused(Attempt.signIn(hf, user.preferredUsername()).end(), hf.realm(), 0);

        assertTrue(refusal.message().contains("did not return a usable profile"), refusal.message());
        SecurityCases.observeRefusedUpstreamFault(hf.huggingFace(), "claims-long-sub", "a 300-character `sub`",
                refusal.outcome());
    }

    @Test
    void givenOrganizationsWithUnexpectedFieldsAndTypes_thenTheLoginWorksAndOnlyValidEntriesWithAnIdBecomeGroups() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        hf.realm().addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "INHERIT"));
        HfUser ada = hf.ada();
        ArrayNode orgs = ada.extraClaims().putArray("orgs"); // replaces the well-formed list
        orgs.add(42).add("not-an-org").addNull().add(orgs.arrayNode().add("nested"));
        orgs.addObject().put("name", "neither handle nor id");
        orgs.addObject().put("sub", "66c1c2d3e4f5a6b7c8d9e0f2").put("preferred_username", 123);
        ObjectNode weird = orgs.addObject().put("sub", "67d1c2d3e4f5a6b7c8d9e0f3").put("preferred_username", "weird-org")
                .put("roleInOrg", "owner").put("isEnterprise", true);
        weird.putObject("plan").put("unexpected", "object");
        weird.putArray("resourceGroups").addObject().put("sub", "rg1").put("role", "write");
        orgs.addObject().put("preferred_username", "writers").putArray("roleInOrg").add("write");
        orgs.addObject().put("preferred_username", "../admins");

        EndPage end = Attempt.signIn(hf, ada.preferredUsername()).end();

        assertTrue(end.inApp(), end.toString());
        JsonNode user = hf.realm().user(ada.preferredUsername());
        List<String> groups = hf.realm().groupPaths(user.get("id").asText()).stream().sorted().toList();
        // "writers" has no org ID: nothing can be linked to it, so it names no group (the allow-list still reads handles)
        assertEquals(List.of("/huggingface/weird-org"), groups);
        SecurityCases.observe("claims-orgs-unexpected-types", "`orgs` with numbers, strings, null, a nested list, entries without handle, a numeric handle, object-valued `plan`, list-valued `roleInOrg`, handle `../admins`",
                "accepted: signed in; groups only for entries with an org ID and a well-formed handle: " + groups);
    }

    @Test
    void givenNoOrgsClaim_thenAnyoneMaySignInWithoutAnAllowListAndNobodyWithOne() {
        HuggingFaceFixture open = new HuggingFaceFixture().withProvider(Map.of());
        open.realm().addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "INHERIT"));
        HfUser carol = open.huggingFace().addUser(HfUser.withHandle(open.handle("carol")).name("Carol Noorgs").withoutOrgsClaim());
        EndPage signedIn = Attempt.signIn(open, carol.preferredUsername()).end();
        assertTrue(signedIn.inApp(), signedIn.toString());
        assertEquals(List.of(), open.realm().groupPaths(open.realm().user(carol.preferredUsername()).get("id").asText()));
        SecurityCases.observe("claims-orgs-absent", "no `orgs`, no allow-list",
                "accepted: signed in, no groups");

        HuggingFaceFixture gated = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        HfUser dave = gated.huggingFace().addUser(HfUser.withHandle(gated.handle("dave")).name("Dave Noorgs").withoutOrgsClaim())
                .hostileClaims("no orgs");
        Refusal refusal = Refusal.assertRefused(Attempt.signIn(gated, dave.preferredUsername()).end(), gated.realm(), 0);
        SecurityCases.observeRefusedUpstreamFault(gated.huggingFace(), "claims-orgs-absent-allow-list", "no `orgs`, allow-list set",
                refusal.outcome());

        HfUser eve = gated.huggingFace().addUser(HfUser.withHandle(gated.handle("eve")).name("Eve Stringorgs").withoutOrgsClaim());
        eve.extraClaims().put("orgs", "analytical-engines"); // a string where a list belongs is no membership
        eve.hostileClaims("orgs is a string");
        gated.realm().clearEvents();
        gated.huggingFace().clearRequests(); // Dave's marked replies must not stand in for Eve's
        Refusal notAList = Refusal.assertRefused(Attempt.signIn(gated, eve.preferredUsername()).end(), gated.realm(), 0);
        SecurityCases.observeRefusedUpstreamFault(gated.huggingFace(), "claims-orgs-not-a-list-allow-list", "`orgs` is the string of an allowed org's handle",
                notAList.outcome());
    }

    @Test
    void givenAnOrgWhoseHandleIsTheIdOfAnAllowedOrg_thenItAdmitsNobodyAndGrantsNoRole() {
        HuggingFaceFixture gated = new HuggingFaceFixture()
                .withProvider(Map.of("allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID));
        HfUser mallory = gated.huggingFace().addUser(HfUser.withHandle(gated.handle("mallory")).name("Mallory Lookalike"));
        mallory.addOrg(HfUser.org("6fffffffffffffffffffffff", "Lookalike", HuggingFaceFixture.ORG_ENGINES_ID))
                .hostileClaims("org handle equal to an allowed org's ID");

        Refusal refusal = Refusal.assertRefused(Attempt.signIn(gated, mallory.preferredUsername()).end(), gated.realm(), 0);
        SecurityCases.observeRefusedUpstreamFault(gated.huggingFace(), "claims-org-handle-is-an-allowed-id", "an org whose handle is the ID of the allowed org (another org ID), allow-list by ID; the same org against a role mapper naming that ID",
                refusal.outcome());

        HuggingFaceFixture open = new HuggingFaceFixture().withProvider(Map.of());
        open.realm().createRealmRole("hf-engineers");
        open.realm().addMapper("engineers", "huggingface-organization-role-mapper", Map.of("syncMode", "INHERIT",
                "organization", HuggingFaceFixture.ORG_ENGINES_ID, "role", "hf-engineers"));
        HfUser lookalike = open.huggingFace().addUser(HfUser.withHandle(open.handle("mallory")).name("Mallory Lookalike"));
        lookalike.addOrg(HfUser.org("6fffffffffffffffffffffff", "Lookalike", HuggingFaceFixture.ORG_ENGINES_ID));
        assertTrue(Attempt.signIn(open, lookalike.preferredUsername()).end().inApp());
        assertFalse(open.realm().realmRoles(open.realm().user(lookalike.preferredUsername()).get("id").asText())
                .contains("hf-engineers"), "the role mapper names the org by ID: a handle equal to it is another org");
    }

    @Test
    void givenAReturningUserWhoseNewEmailIsUnverified_withForceAndTrustEmail_thenItIsNotMarkedVerified() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("trustEmail", true, "syncMode", "FORCE"));
        HfUser ada = hf.ada();
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());
        assertTrue(hf.realm().user(ada.preferredUsername()).get("emailVerified").asBoolean());

        ada.email(hf.handle("new-address") + "@example.com").emailVerified(false);
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        JsonNode user = hf.realm().user(ada.preferredUsername());
        assertEquals(ada.email(), user.get("email").asText(), "FORCE takes the new email over");
        assertFalse(user.get("emailVerified").asBoolean(), "Hugging Face did not verify it");
        SecurityCases.observe("claims-email-unverified-returning-force", "returning user, sync mode FORCE, Trust email on, a new email with `email_verified: false`",
                "accepted: signed in, new email taken over and not marked verified");
    }

    /** Signs in and expects Keycloak's "account already exists" question; nothing may be linked. */
    private static String askedOnExistingAccount(HuggingFaceFixture hf, HfUser user) {
        String heading;
        try (Browser browser = new Browser()) {
            HtmlPage page = signInUntilKeycloakAsks(browser, hf, user);
            heading = EndPage.of(page).message();
            assertTrue(page.asNormalizedText().contains("Add to existing account"), page.asNormalizedText());
        }
        List<JsonNode> users = hf.realm().users();
        assertEquals(1, users.size(), "only the local account");
        assertEquals(0, hf.realm().federatedIdentities(users.get(0).get("id").asText()).size(), "not linked");
        return heading;
    }

    private static HtmlPage signInUntilKeycloakAsks(Browser browser, HuggingFaceFixture hf, HfUser user) {
        HtmlPage page = SignInFlow.allowAs(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm())),
                user.preferredUsername());
        assertTrue(EndPage.of(page).onKeycloak(), "Keycloak asks the user: " + page.asNormalizedText());
        return page;
    }

    private static HtmlPage submit(HtmlPage review) {
        try {
            return ((HtmlElement) review.querySelector("#" + REVIEW_PROFILE_FORM + " input[type=submit]")).click();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertName(JsonNode user, String first, String last) {
        assertEquals(first, user.path("firstName").asText());
        assertEquals(last, user.path("lastName").asText());
    }
}
