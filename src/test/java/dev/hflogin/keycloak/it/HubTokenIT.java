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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.hflogin.keycloak.it.AdminClient.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
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
@UsesOtherKeycloak
@OnWaitingLane
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

    /** How long the stand-in holds each refresh, so concurrent requests certainly overlap it. */
    private static final Duration REFRESH_DELAY = Duration.ofSeconds(2);
    /**
     * The slowest of the concurrent answers after one held refresh: one delay plus the queue's turns,
     * far below the {@value #CONCURRENT_REQUESTS} delays serial refreshes would take.
     */
    private static final Duration ONE_DELAY_BOUND = REFRESH_DELAY.multipliedBy(4);
    /** Keycloak's HTTP client gives up on a hanging Hugging Face; no request waits longer than the provider's bound (10 s). */
    private static final Duration HANG_BOUND = Duration.ofSeconds(12);

    /** Retry-After (5 s), plus a second: the failure's mark and the clock are kept in whole seconds. */
    private static final Duration AFTER_RETRY_AFTER = Duration.ofSeconds(6);

    /** The run's second Keycloak, which has Brokering API V2 (Keycloak 26.7+). */
    private static LiveEnvironment.Resources brokeringApiV2() {
        assumeTrue(OtherKeycloak.hasBrokeringApiV2(), "Identity Brokering API V2 came in Keycloak 26.7; this is "
                + TestSettings.keycloakVersion());
        return OtherKeycloak.get();
    }

    @Test
    void givenAnExpiringToken_whenTheAppAsks_thenItGetsARefreshedTokenHuggingFaceAcceptsAndNeverTheRefreshToken() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
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
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Session ada = signedIn(hf, ISSUED_EXPIRING);
        String before = ada.hubToken().expect(200).get("access_token").asText(); // refreshed, and expiring again
        hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofSeconds(LIFETIME_SECONDS));

        ada.singleFlight(Session::hubToken, before, "V1 GET");

        sleep(UNTIL_EXPIRING);
        ada.assertHuggingFaceAccepts(ada.hubToken().expect(200));
        assertEquals(3, ada.refreshCalls(), "the stored refresh token still works afterwards");
        SecurityCases.observe("hub-token-concurrent-refresh",
                "20 concurrent requests for the same user's token while it needs refreshing", "accepted: " + CONCURRENT_REQUESTS
                + " requests released together, refresh held " + REFRESH_DELAY.toSeconds() + " s at Hugging Face: all got the same "
                + "new live token within " + ONE_DELAY_BOUND.toSeconds() + " s; Hugging Face saw 1 refresh");
    }

    @Test
    void givenManyConcurrentTokenExchangesForAnExpiringToken_thenHuggingFaceSeesOneRefresh() throws Exception {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Session ada = signedIn(hf, ISSUED_EXPIRING);
        hf.realm().allowTokenExchangeFromHuggingFace();
        String before = ada.exchangeForHuggingFaceToken().expect(200).get("access_token").asText(); // refreshed, expiring
        hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofSeconds(LIFETIME_SECONDS));

        ada.singleFlight(Session::exchangeForHuggingFaceToken, before, "token exchange");
    }

    /**
     * Brokering API V2 ({@code POST .../token}, Keycloak's default from 27) on a Keycloak of its own.
     * Keycloak's V2 prefers the copy of HF's tokens in the user session and refreshes it outside any
     * lock; the provider sends V2 through the same single-flight path as V1 when "Store tokens" is on.
     */
    @Test
    void givenBrokeringApiV2_whenManyConcurrentRequestsForAnExpiringToken_thenHuggingFaceSeesOneRefresh() throws Exception {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane(brokeringApiV2());
        Session ada = signedIn(hf, ISSUED_EXPIRING);
        hf.realm().allowBrokeredTokensFromHuggingFace();
        JsonNode first = ada.hubTokenV2().expect(200); // refreshed, and expiring again
        hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofSeconds(LIFETIME_SECONDS));

        ada.singleFlight(Session::hubTokenV2, first.get("access_token").asText(), "V2 POST");

        sleep(UNTIL_EXPIRING);
        ada.assertHuggingFaceAccepts(ada.hubTokenV2().expect(200));
        assertEquals(3, ada.refreshCalls(), "the stored refresh token still works afterwards");
    }

    @Test
    void givenBrokeringApiV2_whenTheClientIsNotAllowedTheProvider_thenItGetsNoToken() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane(brokeringApiV2());
        Session ada = signedIn(hf);

        Answer refused = ada.hubTokenV2();

        assertEquals(403, refused.status(), refused.body());
        assertEquals(0, ada.refreshCalls());
        hf.realm().allowBrokeredTokensFromHuggingFace();
        ada.assertHuggingFaceAccepts(ada.hubTokenV2().expect(200));
    }

    @Test
    void givenHuggingFaceHangsWhileManyRequestsWait_thenAllGetARetryableErrorWithinTheBoundAndHuggingFaceIsAskedOnce() throws Exception {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        UpstreamFaultsIT.skipHangBoundOverHttps(hf.huggingFace());
        Session ada = signedIn(hf, ISSUED_EXPIRING);
        hf.huggingFace().behaviour().replaceNextTokenResponse(CannedResponse.json(200, "{}").after(Duration.ofSeconds(8)));

        List<Timed> answers = releasedTogether(ada, Session::hubToken, CONCURRENT_REQUESTS);

        Duration slowest = Duration.ZERO;
        for (Timed timed : answers) {
            assertEquals(503, timed.answer().status(), timed.answer().body());
            assertEquals("temporarily_unavailable", timed.answer().json().get("error").asText());
            assertEquals("5", timed.answer().headers().firstValue("Retry-After").orElse(null));
            slowest = timed.took().compareTo(slowest) > 0 ? timed.took() : slowest;
        }
        awaitRefreshCalls(ada, 1); // the stand-in records the hanging call when its 8 s are over
        assertEquals(1, ada.refreshCalls(), "the requests that waited did not each ask Hugging Face again");
        assertTrue(slowest.compareTo(HANG_BOUND) < 0, "every request answered within " + HANG_BOUND + ", the slowest took " + slowest);
        System.out.println("HUB-TOKEN: " + CONCURRENT_REQUESTS + " requests released together while Hugging Face hangs on the "
                + "refresh: all HTTP 503 Retry-After 5, slowest " + slowest.toMillis() + " ms (bound " + HANG_BOUND.toMillis()
                + " ms), " + ada.refreshCalls() + " refresh call at Hugging Face");

        sleep(AFTER_RETRY_AFTER);
        ada.assertHuggingFaceAccepts(ada.hubToken().expect(200));
        assertEquals(2, ada.refreshCalls(), "after Retry-After, Hugging Face is asked again");
        SecurityCases.observeRefusedUpstreamFault(hf.huggingFace(), "hub-token-huggingface-hangs-concurrent",
                CONCURRENT_REQUESTS + " requests released together while the token endpoint hangs on the refresh",
                "refused: all HTTP 503 temporarily_unavailable with Retry-After within " + HANG_BOUND.toSeconds()
                        + " s; Hugging Face asked once; stored grant kept, a live token after Retry-After");
    }

    @Test
    void givenTheUserRevokedTheAppOnHuggingFace_thenTheAppIsToldToSignTheUserInAgainAndThenGetsALiveToken() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Session ada = signedIn(hf, ISSUED_EXPIRING);
        hf.huggingFace().revokeTokens(ada.user.sub());

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
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
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
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Session session = signedIn(hf, ISSUED_EXPIRING);
        List<String> answers = new ArrayList<>();
        for (DeadGrantAnswer shape : List.of(DeadGrantAnswer.INVALID_CLIENT, DeadGrantAnswer.HTML_PAGE)) {
            hf.huggingFace().behaviour().deadGrantAnswer(shape);
            hf.huggingFace().revokeTokens(session.user.sub());
            hf.huggingFace().clearRequests();

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
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        UpstreamFaultsIT.skipHangBoundOverHttps(hf.huggingFace());
        Session ada = signedIn(hf, ISSUED_EXPIRING);

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
            sleep(AFTER_RETRY_AFTER); // until then, the failure is the answer without asking Hugging Face again
        }
        ada.assertHuggingFaceAccepts(ada.hubToken().expect(200));
        SecurityCases.observeRefusedUpstreamFault(hf.huggingFace(), "hub-token-huggingface-down",
                "the token endpoint answers the refresh with 503, then hangs for 10 s", "refused: HTTP 503 temporarily_unavailable with Retry-After "
                + "within 8 s (503 or a 10 s hang at the token endpoint); stored grant kept, next request got a live token");
    }

    @Test
    void givenTokenExchangeToTheProvider_thenTheAppGetsTheSameLiveTokenWithoutTheRefreshToken() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
        Session ada = signedIn(hf, ISSUED_EXPIRING);
        hf.realm().allowTokenExchangeFromHuggingFace();
        hf.huggingFace().behaviour().accessTokenLifetime(Duration.ofHours(1)); // the refreshed token then stays

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
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane();
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

    /** Answers to {@code requests} requests started together from a latch, each with its own time. */
    private static List<Timed> releasedTogether(Session session, Function<Session, Answer> request, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch ready = new CountDownLatch(requests);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Timed>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await(60, TimeUnit.SECONDS);
                    long started = System.nanoTime();
                    Answer answer = request.apply(session);
                    return new Timed(answer, Duration.ofNanos(System.nanoTime() - started));
                }));
            }
            assertTrue(ready.await(60, TimeUnit.SECONDS), "all request threads ready");
            go.countDown();
            List<Timed> answers = new ArrayList<>();
            for (Future<Timed> future : futures) {
                answers.add(future.get(90, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bounded: until the stand-in has recorded {@code calls} refreshes of the session's app, or 20 s. */
    private static void awaitRefreshCalls(Session session, long calls) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (session.refreshCalls() < calls && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
        }
        sleep(Duration.ofMillis(500)); // any further call would have been made by now
    }

    /** An answer and how long it took from the release. */
    record Timed(Answer answer, Duration took) {
    }

    /** What {@link Session#singleFlight} saw. */
    record Released(List<Timed> answers, Duration slowest) {
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
                JsonNode tokens = SignInFlow.exchangeCode(hf.realm(), SignInFlow.signIn(browser, hf, user.preferredUsername()));
                return new Session(hf, user, tokens.get("access_token").asText());
            }
        }

        Answer hubToken() {
            return send(HttpRequest.newBuilder(URI.create(hf.realm().brokerTokenUrl()))
                    .header("Authorization", "Bearer " + appAccessToken).GET());
        }

        /** Brokering API V2: the app's back end, with its client credentials, names the user by their access token. */
        Answer hubTokenV2() {
            String form = "client_id=" + TestRealm.CLIENT_ID + "&client_secret=" + TestRealm.CLIENT_SECRET
                    + "&token=" + encode(appAccessToken);
            return send(HttpRequest.newBuilder(URI.create(hf.realm().brokerTokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        /**
         * {@value #CONCURRENT_REQUESTS} requests released together while the stand-in holds the refresh
         * {@link #REFRESH_DELAY}: one refresh at HF, every answer the one new live token, the slowest
         * within about one delay. Prints the figures.
         */
        Released singleFlight(Function<Session, Answer> request, String tokenBefore, String path) throws Exception {
            long refreshesBefore = refreshCalls();
            hf.huggingFace().behaviour().refreshDelay(REFRESH_DELAY);
            List<Timed> answers;
            try {
                answers = releasedTogether(this, request, CONCURRENT_REQUESTS);
            } finally {
                hf.huggingFace().behaviour().refreshDelay(Duration.ZERO);
            }
            Set<String> tokens = new HashSet<>();
            Duration slowest = Duration.ZERO;
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (Timed timed : answers) {
                statuses.merge(timed.answer().status(), 1, Integer::sum);
                if (timed.answer().status() == 200) {
                    tokens.add(timed.answer().json().get("access_token").asText());
                }
                slowest = timed.took().compareTo(slowest) > 0 ? timed.took() : slowest;
            }
            long refreshes = refreshCalls() - refreshesBefore;
            System.out.println(String.format(Locale.ROOT, "HUB-TOKEN: %s, %d requests released together, refresh held %d ms: "
                            + "%d refresh at Hugging Face, HTTP statuses %s, %d distinct token(s), slowest answer %d ms, fastest %d ms",
                    path, CONCURRENT_REQUESTS, REFRESH_DELAY.toMillis(), refreshes, statuses, tokens.size(), slowest.toMillis(),
                    answers.stream().map(Timed::took).min(Duration::compareTo).orElseThrow().toMillis()));
            answers.forEach(timed -> timed.answer().expect(200));
            assertEquals(1, refreshes, CONCURRENT_REQUESTS + " requests, one refresh at Hugging Face");
            assertEquals(1, tokens.size(), "every request got the one refreshed token");
            assertFalse(tokens.contains(tokenBefore), "the token handed out is the new one");
            assertHuggingFaceAccepts(answers.get(0).answer().json());
            assertTrue(slowest.compareTo(ONE_DELAY_BOUND) < 0, "all answered after about one held refresh ("
                    + REFRESH_DELAY.toMillis() + " ms), not one each: the slowest took " + slowest.toMillis() + " ms");
            return new Released(answers, slowest);
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
