package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ways in that Keycloak's OIDC broker opens besides the browser sign-in (InheritedDoors): switched on
 * in the stored configuration through the admin API, with the realm's client allowed to use them, a real
 * Hugging Face ID token (signed by the stand-in's published key, for Keycloak's own HF app) gets no
 * Keycloak token. Keycloak 26.6+ (the JWT Authorization Grant and federated client assertions are on by
 * default there).
 */
@ExtendWith(LiveEnvironment.class)
class InheritedDoorsIT {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String SCOPE = "openid profile email";
    /** The JWT Authorization Grant and federated client assertions came in Keycloak 26.6. */
    private static final boolean TOKEN_DOORS = KeycloakVersion.atLeast(TestSettings.keycloakVersion(), 26, 6);

    @Test
    void givenTheJwtAuthorizationGrantSwitchedOn_whenALinkedUserWhoLeftTheAllowedOrgPresentsAnHfIdToken_thenRefused() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        HfUser ada = hf.ada();
        try (Browser browser = new Browser()) {
            SignInFlow.signIn(browser, hf.realm(), ada.preferredUsername()); // linked by a browser sign-in
        }
        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        ada.leaveOrg("analytical-engines"); // a browser sign-in would now be refused
        // what Keycloak's grant needs: the door open on the provider (HF ID tokens have no jti), the client allowed
        hf.realm().updateHuggingFaceConfig(Map.of("jwtAuthorizationGrantEnabled", "true",
                "allowClientIdAsAudience", "true", "jwtAuthorizationGrantAssertionReuseAllowed", "true"));
        hf.realm().setClientAttributes(TestRealm.CLIENT_ID, Map.of("oauth2.jwt.authorization.grant.enabled", "true",
                "oauth2.jwt.authorization.grant.idp", TestRealm.IDP_ALIAS));
        String idToken = hf.keycloaksApp().tokensFor(ada.preferredUsername(), SCOPE).get("id_token").asText();
        int sessionsBefore = hf.realm().sessions(adaId).size();
        hf.realm().clearEvents();

        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", JWT_BEARER);
        form.put("assertion", idToken);
        form.put("client_id", TestRealm.CLIENT_ID);
        form.put("client_secret", TestRealm.CLIENT_SECRET);
        HttpResponse<String> response = post(hf.realm(), form);

        // Before 26.6 Keycloak has no such grant: refused all the same, in its words for an unknown grant type.
        String refusal = TOKEN_DOORS ? assertRefused(hf.realm(), response, "invalid_grant", "JWT_AUTHORIZATION_GRANT_ERROR")
                : assertNoToken(response);
        assertEquals(sessionsBefore, hf.realm().sessions(adaId).size(), "no session for Ada from the grant");
        assertEquals("false", hf.realm().identityProvider().path("config").path("jwtAuthorizationGrantEnabled").asText(),
                "saving stores the door shut");
        if (TOKEN_DOORS) { // the table's row describes 26.6+
            SecurityCases.observeRefusedByClientInput(hf.huggingFace(), "door-jwt-authorization-grant",
                    "JWT Authorization Grant switched on through the admin API, client allowed; a real HF ID token of a linked user who left the only allowed organization",
                    refusal + "; no tokens, no session; stored as off");
        }
    }

    @Test
    void givenClientAssertionsSwitchedOn_whenAClientAuthenticatesWithAnHfIdToken_thenRefused() {
        assumeTrue(TOKEN_DOORS, "federated client assertions (client authenticator federated-jwt) came in Keycloak 26.6; "
                + TestSettings.keycloakVersion() + " has no such door");
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        hf.realm().updateHuggingFaceConfig(Map.of("supportsClientAssertions", "true",
                "allowClientIdAsAudience", "true", "supportsClientAssertionReuse", "true"));
        // a client whose credential is "a JWT Hugging Face signed for subject <Ada's HF ID>"
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", "hf-federated");
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("standardFlowEnabled", false);
        client.put("serviceAccountsEnabled", true);
        client.put("clientAuthenticatorType", "federated-jwt");
        client.put("attributes", Map.of("jwt.credential.issuer", TestRealm.IDP_ALIAS, "jwt.credential.sub", ada.sub()));
        hf.realm().addClient(client);
        String idToken = hf.keycloaksApp().tokensFor(ada.preferredUsername(), SCOPE).get("id_token").asText();
        hf.realm().clearEvents();

        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", CLIENT_ASSERTION_TYPE);
        form.put("client_assertion", idToken);
        HttpResponse<String> response = post(hf.realm(), form);

        String refusal = assertRefused(hf.realm(), response, "invalid_client", "CLIENT_LOGIN_ERROR");
        assertEquals("false", hf.realm().identityProvider().path("config").path("supportsClientAssertions").asText(),
                "saving stores the door shut");
        SecurityCases.observeRefusedByClientInput(hf.huggingFace(), "door-federated-client-assertion",
                "client assertions switched on through the admin API, a `federated-jwt` client for the HF user's `sub`; a real HF ID token as its assertion",
                refusal + "; no tokens; stored as off");
    }

    @Test
    void givenALocalAccountLinkingHuggingFaceThroughTheLinkAction_whenTheHfUserIsOutsideTheAllowList_thenRefusedAndNotLinked()
            throws Exception {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        String refused = linkThroughTheLinkAction(hf, hf.outsider()); // a browser sign-in would refuse him
        SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "door-account-link-action",
                "a local account links Hugging Face through the link action (`kc_action=idp_link`) as an HF user outside the allow-list",
                refused + "; not linked");
    }

    @Test
    void givenSecurityRestrictionsEnforced_whenALocalAccountLinksAMemberWhoHasNotMetThem_thenRefusedAndNotLinked()
            throws Exception {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of(
                "allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID, "enforceSecurityRestrictions", "true"));
        HfUser ada = hf.ada(); // a member of the allowed organization, which has not seen her do its SSO yet
        ada.org(HuggingFaceFixture.ORG_ENGINES_ID).putArray("securityRestrictions").add("sso");

        String refused = linkThroughTheLinkAction(hf, ada);

        assertTrue(refused.contains("organization_security_restrictions"), refused);
        SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "door-account-link-security-restrictions",
                "with security restrictions enforced, a local account links Hugging Face through the link action as a member "
                        + "of the allowed organization whose `securityRestrictions` lists `sso`",
                refused + "; not linked");
    }

    /**
     * Linda, signed in with her local password, asks to link Hugging Face ({@code kc_action=idp_link}, Keycloak 26.3+) and
     * consents on Hugging Face as {@code hfUser}: the sign-in must be refused and her account left unlinked.
     *
     * @return the refusal's outcome, for the security-cases row
     */
    private static String linkThroughTheLinkAction(HuggingFaceFixture hf, HfUser hfUser) throws Exception {
        assumeTrue(KeycloakVersion.atLeast(TestSettings.keycloakVersion(), 26, 3), "the link action (kc_action=idp_link) "
                + "came in Keycloak 26.3; " + TestSettings.keycloakVersion() + " has no such door");
        hf.realm().createUser("linda", "linda@example.com", "linda-password");
        String lindaId = hf.realm().user("linda").get("id").asText();
        hf.realm().clearEvents();
        try (Browser browser = new Browser()) {
            // the app asks Keycloak to link Hugging Face to the signed-in account (Keycloak 26.3+)
            HtmlPage login = browser.open(hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri())
                    + "&kc_action=idp_link:" + TestRealm.IDP_ALIAS);
            Browser.type(login, "username", "linda");
            Browser.type(login, "password", "linda-password");
            HtmlPage confirm = Browser.click(login, "kc-login");
            HtmlElement linkButton = confirm.getForms().get(0).getFirstByXPath(".//*[@type='submit']");
            HtmlPage consent = (HtmlPage) linkButton.click();
            assertTrue(consent.getUrl().toString().startsWith(hf.huggingFace().baseUrl() + "/oauth/authorize"),
                    "Keycloak sends Linda to Hugging Face: " + consent.getUrl() + " " + consent.asNormalizedText());

            EndPage end = EndPage.of(SignInFlow.allowAs(consent, hfUser.preferredUsername()));

            Refusal refusal = Refusal.assertRefused(end, hf.realm(), 1);
            assertEquals(0, hf.realm().federatedIdentities(lindaId).size(), "Linda's account is not linked");
            return refusal.outcome();
        }
    }

    private static HttpResponse<String> post(TestRealm realm, Map<String, String> form) {
        return SignInFlow.send(HttpRequest.newBuilder(URI.create(realm.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HuggingFaceAppClient.form(form))));
    }

    /** No Keycloak token, whatever the error. */
    private static String assertNoToken(HttpResponse<String> response) {
        JsonNode body = SignInFlow.json(response.body());
        assertNotEquals(200, response.statusCode(), "Keycloak issued tokens for a Hugging Face token");
        assertFalse(body.has("access_token"), "no Keycloak token");
        return "refused: HTTP " + response.statusCode() + " " + body.path("error").asText();
    }

    /** No Keycloak token, the OAuth error, and an error event for the operator. */
    private static String assertRefused(TestRealm realm, HttpResponse<String> response, String error, String eventType) {
        JsonNode body = SignInFlow.json(response.body());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add); // the fields only: a failure message shows no token
        assertNotEquals(200, response.statusCode(), "Keycloak issued tokens for a Hugging Face token: " + fields);
        assertFalse(body.has("access_token"), "no Keycloak token: " + fields);
        assertEquals(error, body.path("error").asText(), response.body());
        List<JsonNode> events = realm.events(eventType);
        assertTrue(!events.isEmpty(), "an error event " + eventType + " is stored for the operator");
        return "refused: HTTP " + response.statusCode() + " " + error + " (" + eventType + " "
                + events.get(0).path("error").asText() + ")";
    }
}
