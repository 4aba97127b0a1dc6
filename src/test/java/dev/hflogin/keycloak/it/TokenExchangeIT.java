package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.CannedResponse;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's token exchange v1 ("external to internal"): an app hands Keycloak a Hugging Face token
 * and asks for Keycloak tokens. Keycloak would check an access token only through HF's userinfo,
 * so the organization allow-list, the email rules and the audience would all be skipped: the
 * provider refuses every external exchange. Each test first lets the app exchange from the provider,
 * so the refusal comes from the provider and not from Keycloak's permission check (403).
 */
@ExtendWith(LiveEnvironment.class)
class TokenExchangeIT {

    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    private static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    private static final String SCOPE = "openid profile email";

    @Test
    void givenALinkedUsersTokenIssuedToAnotherHuggingFaceApp_whenExchanged_thenRefusedAndNoSession() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        hf.realm().allowTokenExchangeFromHuggingFace();
        HfUser ada = hf.ada();
        try (Browser browser = new Browser()) {
            SignInFlow.signIn(browser, hf.realm(), ada.preferredUsername()); // now linked to her HF account
        }
        String adaId = hf.realm().user(ada.preferredUsername()).get("id").asText();
        int sessionsBefore = hf.realm().sessions(adaId).size();

        // any app on Hugging Face, e.g. one she once allowed to read her profile
        String otherApp = hf.handle("other-app");
        String redirectUri = "http://127.0.0.1:9/other-app/callback";
        hf.huggingFace().registerApp(OAuthApp.confidential(otherApp, "other-secret", redirectUri, "openid", "profile", "email"));
        JsonNode tokens = new HuggingFaceAppClient(hf.huggingFace(), otherApp, "other-secret", redirectUri)
                .tokensFor(ada.preferredUsername(), SCOPE);

        String refusal = assertRefused(hf.realm(), exchange(hf.realm(), tokens.get("access_token").asText(), ACCESS_TOKEN_TYPE));
        assertEquals(1, hf.realm().users().size(), "no new user");
        assertEquals(sessionsBefore, hf.realm().sessions(adaId).size(), "no session for Ada from the exchange");
        SecurityCases.observeRefusedByClientInput(hf.huggingFace(), "exchange-other-app-access-token", "access token that another HF app holds for a user already linked by a browser login",
                refusal + "; no new user or session");
    }

    @Test
    void givenAnOutsidersAccessTokenForKeycloaksOwnApp_whenExchanged_thenRefusedAndNoUser() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        hf.realm().allowTokenExchangeFromHuggingFace();
        HfUser bob = hf.outsider(); // never signed in; the allow-list would refuse him in the browser
        JsonNode tokens = hf.keycloaksApp().tokensFor(bob.preferredUsername(), SCOPE);

        String refusal = assertRefused(hf.realm(), exchange(hf.realm(), tokens.get("access_token").asText(), ACCESS_TOKEN_TYPE));
        assertEquals(List.of(), hf.realm().users(), "no user created");
        SecurityCases.observeRefusedByClientInput(hf.huggingFace(), "exchange-outsider-access-token", "access token of Keycloak's own HF app for a user outside the allow-list who never signed in",
                refusal + "; no user");
    }

    @Test
    void givenAnOutsidersIdTokenForKeycloaksOwnApp_whenExchanged_thenRefusedAndNoUser() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        hf.realm().allowTokenExchangeFromHuggingFace();
        HfUser bob = hf.outsider();
        JsonNode tokens = hf.keycloaksApp().tokensFor(bob.preferredUsername(), SCOPE);

        // HF ID tokens carry no typ claim, so Keycloak's own type check would answer invalid_token;
        // invalid_issuer shows the provider refused before any check of the token ran
        String refusal = assertRefused(hf.realm(), exchange(hf.realm(), tokens.get("id_token").asText(), ID_TOKEN_TYPE));
        assertEquals(List.of(), hf.realm().users(), "no user created");
        SecurityCases.observeRefusedByClientInput(hf.huggingFace(), "exchange-outsider-id-token", "the same user's HF ID token, `subject_token_type` id_token",
                refusal + "; no user");
    }

    // ---- the other way: the app exchanges its Keycloak token for the user's stored Hugging Face token ----

    /** Issued inside Keycloak's default 5 s minimum validity: the first request refreshes, however slow the sign-in. */
    private static final Duration ISSUED_EXPIRING = Duration.ofSeconds(4);

    @Test
    void givenADeadGrant_whenTheAppExchangesForTheHuggingFaceToken_thenTokenExpiredWithTheAccountLinkUrl() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        HfUser ada = hf.ada();
        String appToken = signedInWithStoredTokens(hf, ada, Map.of(), ISSUED_EXPIRING);
        hf.huggingFace().revokeTokens(ada.sub());

        HttpResponse<String> response = exchangeToHuggingFace(hf.realm(), appToken);

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = SignInFlow.json(response.body());
        assertEquals("token_expired", body.path("error").asText(), response.body());
        assertFalse(body.has("access_token"), response.body());
        String link = body.path("account-link-url").asText();
        assertTrue(link.startsWith(hf.realm().brokerTokenUrl().replaceFirst("/token$", "/link?")),
                "the URL that signs the user in to Hugging Face again: " + response.body());
        assertEquals(1, refreshCalls(hf), "the refresh was tried once and refused by Hugging Face");
    }

    @Test
    void givenHuggingFaceFailingDuringTheRefresh_whenTheAppExchanges_thenA503ItCanRetryAfterRetryAfter() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        String appToken = signedInWithStoredTokens(hf, hf.ada(), Map.of(), ISSUED_EXPIRING);
        hf.huggingFace().behaviour().replaceNextTokenResponse(CannedResponse.json(503, "{\"error\":\"server_error\"}"));

        HttpResponse<String> failed = exchangeToHuggingFace(hf.realm(), appToken);

        assertEquals(503, failed.statusCode(), failed.body());
        assertEquals("temporarily_unavailable", SignInFlow.json(failed.body()).path("error").asText(), failed.body());
        // The failure is remembered for Retry-After seconds, so waiting requests do not each call HF again.
        long retryAfter = Long.parseLong(failed.headers().firstValue("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After")));
        sleepSeconds(retryAfter + 1);
        HttpResponse<String> retried = exchangeToHuggingFace(hf.realm(), appToken);
        assertEquals(200, retried.statusCode(), "the stored grant was kept: " + retried.body());
        assertTrue(SignInFlow.json(retried.body()).hasNonNull("access_token"), retried.body());
    }

    /** With the default 5 s, a token living 30 s is handed out as it is; a configured 60 s refreshes it. */
    @Test
    void givenAConfiguredMinimumValidity_thenATokenExpiringWithinItIsRefreshed() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        String appToken = signedInWithStoredTokens(hf, hf.ada(), Map.of("minValidityToken", "60"), Duration.ofSeconds(30));
        hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofHours(1));

        HttpResponse<String> answer = SignInFlow.send(HttpRequest.newBuilder(URI.create(hf.realm().brokerTokenUrl()))
                .header("Authorization", "Bearer " + appToken).GET());

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(1, refreshCalls(hf), "30 s left is within the configured 60 s: refreshed");
        assertTrue(SignInFlow.json(answer.body()).path("expires_in").asInt() > 60, answer.body());
    }

    private static void sleepSeconds(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The user signs in to the app with Store tokens on; returns the app's Keycloak access token. */
    private static String signedInWithStoredTokens(HuggingFaceFixture hf, HfUser user, Map<String, Object> config,
                                                   Duration hfTokenLifetime) {
        Map<String, Object> provider = new LinkedHashMap<>(config);
        provider.put("storeToken", true);
        provider.put("addReadTokenRoleOnCreate", true);
        hf.withProvider(provider);
        hf.realm().allowTokenExchangeFromHuggingFace();
        hf.huggingFace().behaviour().accessTokenLifetime(hfTokenLifetime);
        try (Browser browser = new Browser()) {
            return SignInFlow.exchangeCode(hf.realm(), SignInFlow.signIn(browser, hf.realm(), user.preferredUsername()))
                    .get("access_token").asText();
        }
    }

    private static HttpResponse<String> exchangeToHuggingFace(TestRealm realm, String appToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("client_id", TestRealm.CLIENT_ID);
        form.put("client_secret", TestRealm.CLIENT_SECRET);
        form.put("subject_token", appToken);
        form.put("requested_issuer", TestRealm.IDP_ALIAS);
        return SignInFlow.send(HttpRequest.newBuilder(URI.create(realm.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HuggingFaceAppClient.form(form))));
    }

    private static long refreshCalls(HuggingFaceFixture hf) {
        return hf.requests("/oauth/token").stream().filter(r -> "refresh_token".equals(r.param("grant_type"))).count();
    }

    /** The app's back end asks Keycloak to exchange a Hugging Face token for Keycloak tokens. */
    private static HttpResponse<String> exchange(TestRealm realm, String subjectToken, String subjectTokenType) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("client_id", TestRealm.CLIENT_ID);
        form.put("client_secret", TestRealm.CLIENT_SECRET);
        form.put("subject_token", subjectToken);
        form.put("subject_issuer", TestRealm.IDP_ALIAS);
        form.put("subject_token_type", subjectTokenType);
        return SignInFlow.send(HttpRequest.newBuilder(URI.create(realm.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HuggingFaceAppClient.form(form))));
    }

    /** No Keycloak token, an OAuth error the app can read, and an error event for the operator. */
    private static String assertRefused(TestRealm realm, HttpResponse<String> response) {
        assertFalse(response.statusCode() == 200,
                "Keycloak exchanged the Hugging Face token for its own tokens: " + response.body());
        JsonNode body = SignInFlow.json(response.body());
        assertFalse(body.has("access_token"), "no Keycloak token: " + response.body());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_issuer", body.path("error").asText(),
                "refused by the provider, not by Keycloak's permission check: " + response.body());
        List<JsonNode> events = realm.events("TOKEN_EXCHANGE_ERROR");
        assertTrue(!events.isEmpty(), "an error event is stored for the operator");
        return "refused: HTTP " + response.statusCode() + " " + body.path("error").asText()
                + " (TOKEN_EXCHANGE_ERROR " + events.get(0).path("error").asText() + ")";
    }
}
