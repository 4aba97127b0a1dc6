package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.CannedResponse;
import dev.hflogin.keycloak.it.standin.DeadGrantAnswer;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.hflogin.keycloak.it.AdminClient.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application calls the Hub as the user for longer than a Hugging Face access token lives. With
 * "Store tokens" on it asks Keycloak for the user's HF token and must always get one Hugging Face
 * accepts: refreshed when needed, the rotated refresh token kept, one refresh for many concurrent
 * requests, a clear error when the grant is dead or Hugging Face is down. The stand-in's access
 * tokens live {@value #LIFETIME_SECONDS} s here; Keycloak refreshes within 5 s of expiry.
 */
@ExtendWith(LiveEnvironment.class)
class HubTokenIT {

    private static final int LIFETIME_SECONDS = 10;
    /**
     * From issue until the token is inside Keycloak's 5 s minimum validity, plus a margin of more than
     * a second: expiry is kept in whole seconds.
     */
    private static final Duration UNTIL_EXPIRING = Duration.ofMillis((LIFETIME_SECONDS - 5) * 1000L + 1500);
    private static final int CONCURRENT_REQUESTS = 20;
    /**
     * A lifetime inside Keycloak's 5 s minimum validity from the moment it is issued: the stored token needs
     * refreshing at the next request however long the sign-in took, no waiting for it to age.
     */
    private static final Duration ISSUED_EXPIRING = Duration.ofSeconds(4);

    @Test
    void givenAnExpiringToken_whenTheAppAsks_thenItGetsARefreshedTokenHuggingFaceAcceptsAndNeverTheRefreshToken() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        Session ada = signedIn(hf, ISSUED_EXPIRING);

        JsonNode refreshed = ada.hubToken().expect(200);
        assertEquals(1, ada.refreshCalls(), "issued inside the minimum validity: refreshed at the first request");
        ada.assertHuggingFaceAccepts(refreshed);

        hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofHours(1));
        JsonNode again = ada.hubToken().expect(200);
        assertNotEquals(refreshed.get("access_token").asText(), again.get("access_token").asText());
        assertEquals(2, ada.refreshCalls());
        assertEquals(200, ada.hf.requests("/oauth/token").get(2).status(),
                "the second refresh used the rotated refresh token Keycloak stored (HF killed the first)");
        ada.assertHuggingFaceAccepts(again);

        JsonNode fresh = ada.hubToken().expect(200);
        assertEquals(again.get("access_token").asText(), fresh.get("access_token").asText(), "a fresh token is handed out as it is");
        assertTrue(fresh.path("expires_in").asInt() > 5 && fresh.path("expires_in").asInt() <= 3600, fresh.toString());
        assertEquals(2, ada.refreshCalls());
    }

    @Test
    void givenManyConcurrentRequestsForAnExpiringToken_thenAllGetTheSameLiveTokenAndHuggingFaceSeesOneRefresh() throws Exception {
        Session ada = signedIn(new HuggingFaceFixture());
        sleep(UNTIL_EXPIRING);

        List<Answer> answers = concurrently(ada, CONCURRENT_REQUESTS);

        Set<String> tokens = new HashSet<>();
        for (Answer answer : answers) {
            tokens.add(answer.expect(200).get("access_token").asText());
        }
        assertEquals(1, tokens.size(), "every request got the one refreshed token");
        assertEquals(1, ada.refreshCalls(), CONCURRENT_REQUESTS + " requests, one refresh at Hugging Face");
        ada.assertHuggingFaceAccepts(answers.get(0).expect(200));
        System.out.println("HUB-TOKEN: " + CONCURRENT_REQUESTS + " concurrent requests for an expiring token: "
                + ada.refreshCalls() + " refresh at Hugging Face");

        sleep(UNTIL_EXPIRING);
        ada.assertHuggingFaceAccepts(ada.hubToken().expect(200));
        assertEquals(2, ada.refreshCalls(), "the stored refresh token still works afterwards");
        SecurityCases.observe("hub-token-concurrent-refresh",
                "20 concurrent requests for the same user's token while it needs refreshing", "accepted: " + CONCURRENT_REQUESTS
                + " concurrent requests all got the same live token; Hugging Face saw 1 refresh");
    }

    @Test
    void givenTheUserRevokedTheAppOnHuggingFace_thenTheAppIsToldToSignTheUserInAgainAndThenGetsALiveToken() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        Session ada = signedIn(hf);
        hf.huggingFace().revokeTokens(ada.user.sub());
        sleep(UNTIL_EXPIRING);

        Answer refused = ada.hubToken();
        assertEquals(400, refused.status(), refused.body());
        assertEquals("reauthentication_required", refused.json().get("error").asText());
        assertTrue(refused.json().get("error_description").asText().contains("sign in with Hugging Face again"));
        assertFalse(hf.realm().events("IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR").isEmpty(), "Keycloak recorded it");
        assertEquals(400, ada.hubToken().status(), "the dead grant is not tried again as if it were good");
        assertEquals(1, ada.refreshCalls());

        Session again = ada.signInAgain();
        again.assertHuggingFaceAccepts(again.hubToken().expect(200));
        SecurityCases.observe("hub-token-revoked", "the user revoked the app on Hugging Face; the token needs refreshing",
                "answered: HTTP 400 reauthentication_required (IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR); "
                        + "dead grant not reused; live token after the next sign-in");
    }

    @Test
    void givenAGrantWithoutARefreshToken_thenTheAppGetsTheTokenUntilItExpiresAndThenIsToldToSignTheUserInAgain() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        hf.withProvider(Map.of("storeToken", true, "addReadTokenRoleOnCreate", true));
        hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofSeconds(LIFETIME_SECONDS)).issueRefreshTokens(false);
        Session ada = new Session(hf, hf.ada()).signInAgain();

        JsonNode live = ada.hubToken().expect(200);
        ada.assertHuggingFaceAccepts(live);
        sleep(UNTIL_EXPIRING);

        Answer expired = ada.hubToken();
        assertEquals(400, expired.status(), expired.body());
        assertEquals("reauthentication_required", expired.json().get("error").asText());
        assertEquals(0, ada.refreshCalls(), "nothing to refresh with: Hugging Face is not asked");
        assertFalse(hf.realm().events("IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR").isEmpty(), "Keycloak recorded it");

        hf.huggingFace().behaviour().issueRefreshTokens(true);
        Session again = ada.signInAgain();
        again.assertHuggingFaceAccepts(again.hubToken().expect(200));
        SecurityCases.observe("hub-token-without-refresh-token", "Hugging Face grants no refresh token; the access token expires",
                "answered: the live token until it expires, then HTTP 400 reauthentication_required without a call to "
                        + "Hugging Face; live token after the next sign-in");
    }

    @Test
    void givenHuggingFaceAnswersADeadGrantWith401InvalidClientOrAnHtmlPage_thenTheAppIsToldToSignTheUserInAgain() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        Session session = signedIn(hf);
        List<String> answers = new ArrayList<>();
        for (DeadGrantAnswer shape : List.of(DeadGrantAnswer.INVALID_CLIENT, DeadGrantAnswer.HTML_PAGE)) {
            hf.huggingFace().behaviour().deadGrantAnswer(shape);
            hf.huggingFace().revokeTokens(session.user.sub());
            hf.huggingFace().clearRequests();
            sleep(UNTIL_EXPIRING);

            Answer refused = session.hubToken();

            assertEquals(400, refused.status(), shape + ": " + refused.body());
            assertEquals("reauthentication_required", refused.json().get("error").asText());
            int hfStatus = session.hf.requests("/oauth/token").get(0).status();
            answers.add("HTTP " + hfStatus + " " + (shape == DeadGrantAnswer.INVALID_CLIENT ? "invalid_client" : "HTML"));
            assertEquals(400, session.hubToken().status(), "the dead grant is not tried again");
            assertEquals(1, session.refreshCalls());
            session = session.signInAgain();
            session.assertHuggingFaceAccepts(session.hubToken().expect(200));
        }
        assertEquals(List.of("HTTP 401 invalid_client", "HTTP 400 HTML"), answers);
        SecurityCases.observe("hub-token-dead-grant-other-answers",
                "the user revoked the app; Hugging Face answers the refresh with 401 invalid_client, or with an HTML page",
                "answered: HTTP 400 reauthentication_required for both; dead grant not reused; live token after the next sign-in");
    }

    @Test
    void givenHuggingFaceFailsOrHangsDuringARefresh_thenTheAppGetsARetryableErrorInTimeAndTheNextRequestSucceeds() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        UpstreamFaultsIT.skipHangBoundOverHttps(hf.huggingFace());
        Session ada = signedIn(hf);
        sleep(UNTIL_EXPIRING);

        for (CannedResponse fault : List.of(
                CannedResponse.json(503, "{\"error\":\"server_error\"}"),
                CannedResponse.json(200, "{}").after(Duration.ofSeconds(10)))) {
            hf.huggingFace().behaviour().replaceNextTokenResponse(fault);
            long started = System.nanoTime();
            Answer failed = ada.hubToken();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(503, failed.status(), failed.body());
            assertEquals("temporarily_unavailable", failed.json().get("error").asText());
            assertEquals("5", failed.headers().firstValue("Retry-After").orElse(null));
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "answered within 8 s, took " + took);
        }
        ada.assertHuggingFaceAccepts(ada.hubToken().expect(200));
        SecurityCases.observeRefusedUpstreamFault(hf.huggingFace(), "hub-token-huggingface-down",
                "the token endpoint answers the refresh with 503, then hangs for 10 s", "refused: HTTP 503 temporarily_unavailable with Retry-After "
                + "within 8 s (503 or a 10 s hang at the token endpoint); stored grant kept, next request got a live token");
    }

    @Test
    void givenTokenExchangeToTheProvider_thenTheAppGetsTheSameLiveTokenWithoutTheRefreshToken() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        Session ada = signedIn(hf);
        hf.realm().allowTokenExchangeFromHuggingFace();
        sleep(UNTIL_EXPIRING);

        Answer exchanged = ada.exchangeForHuggingFaceToken();

        JsonNode body = exchanged.expect(200);
        assertEquals("urn:ietf:params:oauth:token-type:access_token", body.get("issued_token_type").asText());
        assertFalse(body.has("refresh_token"), body.toString());
        assertEquals(1, ada.refreshCalls(), "refreshed on the exchange path too");
        ada.assertHuggingFaceAccepts(body);
        assertEquals(body.get("access_token").asText(), ada.hubToken().expect(200).get("access_token").asText(),
                "both ways hand out the same stored token");
    }

    @Test
    void givenRequestsWithAndWithoutARefresh_thenTheAddedLatencyIsPrinted() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        Session ada = signedIn(hf, ISSUED_EXPIRING);
        List<Long> plain = new ArrayList<>();
        List<Long> refreshing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i == 2) {
                hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofHours(1)); // the last refresh lasts
            }
            refreshing.add(timed(ada).toMillis());
        }
        for (int i = 0; i < 5; i++) {
            plain.add(timed(ada).toMillis());
        }
        assertEquals(3, ada.refreshCalls());
        System.out.println(String.format(Locale.ROOT, "HUB-TOKEN: request without refresh %s ms, with refresh %s ms",
                plain, refreshing));
    }

    // ---- the application's side ----

    private static Session signedIn(HuggingFaceFixture hf) {
        return signedIn(hf, Duration.ofSeconds(LIFETIME_SECONDS));
    }

    /** @param lifetime of the access tokens the stand-in issues, until the test changes it */
    private static Session signedIn(HuggingFaceFixture hf, Duration lifetime) {
        hf.withProvider(Map.of("storeToken", true, "addReadTokenRoleOnCreate", true));
        hf.huggingFace().behaviour().accessTokenLifetime(lifetime);
        return new Session(hf, hf.ada()).signInAgain();
    }

    private static Duration timed(Session session) {
        long started = System.nanoTime();
        session.hubToken().expect(200);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static List<Answer> concurrently(Session session, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(session::hubToken));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An HTTP answer, with its JSON when it has some. */
    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return SignInFlow.json(body);
        }

        JsonNode expect(int expected) {
            assertEquals(expected, status, body);
            return json();
        }
    }

    /** A user signed in to the app, whose back end holds Keycloak's tokens for them. */
    private record Session(HuggingFaceFixture hf, HfUser user, String appAccessToken) {

        Session(HuggingFaceFixture hf, HfUser user) {
            this(hf, user, null);
        }

        Session signInAgain() {
            try (Browser browser = new Browser()) {
                JsonNode tokens = SignInFlow.exchangeCode(hf.realm(), SignInFlow.signIn(browser, hf.realm(), user.preferredUsername()));
                return new Session(hf, user, tokens.get("access_token").asText());
            }
        }

        Answer hubToken() {
            return send(HttpRequest.newBuilder(URI.create(hf.realm().brokerTokenUrl()))
                    .header("Authorization", "Bearer " + appAccessToken).GET());
        }

        Answer exchangeForHuggingFaceToken() {
            String form = "grant_type=" + encode("urn:ietf:params:oauth:grant-type:token-exchange")
                    + "&subject_token=" + encode(appAccessToken)
                    + "&requested_issuer=" + TestRealm.IDP_ALIAS
                    + "&client_id=" + TestRealm.CLIENT_ID + "&client_secret=" + TestRealm.CLIENT_SECRET;
            return send(HttpRequest.newBuilder(URI.create(hf.realm().tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        /** Refresh-token grants Hugging Face received for this test's app. */
        long refreshCalls() {
            return hf.requests("/oauth/token").stream().filter(r -> "refresh_token".equals(r.param("grant_type"))).count();
        }

        void assertHuggingFaceAccepts(JsonNode answer) {
            assertFalse(answer.has("refresh_token"), "Hugging Face's refresh token stays in Keycloak: " + answer.fieldNames());
            assertFalse(answer.has("id_token"), "nor its ID token");
            assertEquals("bearer", answer.path("token_type").asText().toLowerCase(Locale.ROOT));
            HttpResponse<String> userInfo = SignInFlow.send(HttpRequest.newBuilder(URI.create(hf.huggingFace().userInfoEndpoint()))
                    .header("Authorization", "Bearer " + answer.get("access_token").asText()).GET());
            assertEquals(200, userInfo.statusCode(), "Hugging Face accepts the token: " + userInfo.body());
            assertEquals(user.sub(), SignInFlow.json(userInfo.body()).get("sub").asText());
        }

        private static Answer send(HttpRequest.Builder request) {
            HttpResponse<String> response = SignInFlow.send(request);
            return new Answer(response.statusCode(), response.body(), response.headers());
        }
    }
}
