package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user controls the authorize URL on its way to Hugging Face and can remove scopes from it.
 * Without {@code read-memberships} HF leaves {@code orgs} out: that must never read as "no change",
 * or a user who left an organization would keep its groups and roles.
 */
@ExtendWith(LiveEnvironment.class)
class StrippedScopeIT {

    private static final String SCOPE_REFUSAL = "Hugging Face did not grant the permissions this sign-in needs";

    @Test
    void givenAnAllowList_whenReadMembershipsIsStrippedFromTheAuthorizeUrl_thenTheLoginIsRefused() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        HfUser ada = hf.ada();

        EndPage end = signInWithout(hf, ada, "read-memberships");

        Refusal refusal = Refusal.assertRefused(end, hf.realm(), 0);
        assertTrue(refusal.message().startsWith(SCOPE_REFUSAL), refusal.message());
        SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "scope-stripped-allow-list", "`read-memberships` removed from the authorize URL; allow-list set",
                refusal.outcome());
    }

    @Test
    void givenOrganizationMappersWithForce_whenAUserWhoLeftAnOrgStripsReadMemberships_thenTheLoginIsRefused() {
        HuggingFaceFixture hf = withOrganizationMappers(Map.of("syncMode", "FORCE", "additionalScopes", "read-memberships"));
        HfUser ada = hf.ada();
        Attempt.signIn(hf, ada.preferredUsername());
        String id = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertTrue(hf.realm().realmRoles(id).contains("hf-engineers"));

        ada.orgs(List.of(ada.org(HuggingFaceFixture.ORG_OTHER_ID))); // left analytical-engines on Hugging Face
        hf.realm().clearEvents();
        EndPage end = signInWithout(hf, ada, "read-memberships");

        Refusal refusal = Refusal.assertRefused(end, hf.realm(), 1);
        assertTrue(refusal.message().startsWith(SCOPE_REFUSAL), refusal.message());
        SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "scope-stripped-org-mappers", "the same by a user who left an org, group and role mappers with FORCE, no allow-list",
                refusal.outcome());
    }

    @Test
    void givenHuggingFaceDoesNotReportScopes_whenOrgsAreWithheld_thenForceTakesAwayTheOrganizationsGroupsAndRoles() {
        HuggingFaceFixture hf = withOrganizationMappers(Map.of("syncMode", "FORCE"));
        HfUser ada = hf.ada();
        Attempt.signIn(hf, ada.preferredUsername());
        String id = hf.realm().user(ada.preferredUsername()).get("id").asText();
        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"), sorted(hf.realm().groupPaths(id)));
        assertTrue(hf.realm().realmRoles(id).contains("hf-engineers"));

        hf.huggingFace().behaviour().reportGrantedScope(false);
        EndPage end = signInWithout(hf, ada, "read-memberships");

        assertTrue(end.inApp(), end.toString());
        assertEquals(List.of(), hf.realm().groupPaths(id), "withheld memberships count as none");
        assertFalse(hf.realm().realmRoles(id).contains("hf-engineers"));
        SecurityCases.observe("scope-stripped-unreported-org-mappers", "the same, and Hugging Face leaves `scope` out of its token response",
                "accepted: signed in; withheld orgs counted as none: groups and roles of the organizations taken away");
    }

    @Test
    void givenAnOrganizationMapper_thenReadMembershipsIsRequestedWithoutBeingConfigured() {
        HuggingFaceFixture hf = withOrganizationMappers(Map.of());
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        String scope = hf.requests("/oauth/authorize").get(0).param("scope");
        assertEquals(List.of("openid", "profile", "email", "read-memberships"), Arrays.asList(scope.split(" ")));
        JsonNode user = hf.realm().user(ada.preferredUsername());
        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"),
                sorted(hf.realm().groupPaths(user.get("id").asText())));
    }

    private static HuggingFaceFixture withOrganizationMappers(Map<String, Object> provider) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(provider);
        hf.realm().createRealmRole("hf-engineers");
        hf.realm().addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "INHERIT"));
        hf.realm().addMapper("engineers", "huggingface-organization-role-mapper", Map.of("syncMode", "INHERIT",
                "organization", "analytical-engines", "role", "hf-engineers"));
        return hf;
    }

    /** The user edits the authorize URL Keycloak sent them to, removing one scope, then allows the app. */
    private static EndPage signInWithout(HuggingFaceFixture hf, HfUser user, String scope) {
        try (Browser browser = new Browser()) {
            URI authorize = URI.create(browser.clickForRedirect(SignInFlow.openAppLogin(browser, hf.realm()), SignInFlow.HF_BUTTON));
            String requested = CallbackCapture.parameter(authorize, "scope");
            assertTrue(requested.contains(scope), "Keycloak asked for " + scope + ": " + requested);
            String stripped = Arrays.stream(requested.split(" ")).filter(s -> !s.equals(scope)).collect(Collectors.joining(" "));
            HtmlPage consent = browser.open(CallbackCapture.withParameter(authorize, "scope", stripped).toString());
            return EndPage.of(SignInFlow.allowAs(consent, user.preferredUsername()));
        }
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
