package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.CannedResponse;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.StandInBehaviour;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hugging Face failing at each call Keycloak makes (token, JWKS, userinfo): the user must get a clear
 * Keycloak page within a bounded time, and Keycloak must serve the next login normally.
 */
@ExtendWith(LiveEnvironment.class)
@OnWaitingLane
class UpstreamFaultsIT {

    /** Keycloak's outgoing socket timeout (DefaultHttpClientFactory socket-timeout-millis, default 5000 ms). */
    private static final Duration KEYCLOAK_SOCKET_TIMEOUT = Duration.ofMillis(5000);
    /** Longer than Keycloak waits: the user must never wait for this. */
    private static final Duration STAND_IN_DELAY = Duration.ofSeconds(10);
    /** An immediate failure: Keycloak's own work plus the browser's redirects. */
    private static final Duration QUICK = Duration.ofSeconds(5);
    /**
     * A hung JWKS is asked twice, by Keycloak and then by the provider (which looks for keys Keycloak's
     * cache lacks): twice the timeout plus the margin.
     */
    private static final Duration AFTER_TWO_TIMEOUTS = KEYCLOAK_SOCKET_TIMEOUT.multipliedBy(2).plusSeconds(3);
    /** The provider fetches the JWKS at most once a second: the next login comes after that. */
    private static final Duration PROVIDER_JWKS_INTERVAL = Duration.ofMillis(1100);
    /** A hung upstream: Keycloak's timeout plus the same margin, still well before the stand-in answers. */
    private static final Duration AFTER_TIMEOUT = KEYCLOAK_SOCKET_TIMEOUT.plusSeconds(3);

    /** The case ID and Hostile input cell in docs/security-cases.md; the bound is compared as part of the outcome. */
    record Fault(String caseId, String hostileInput, String description, Consumer<StandInBehaviour> apply, Duration bound) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Fault> faults() {
        String html = "<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>";
        return Stream.of(
                new Fault("token-4xx", "token endpoint: 400 `invalid_grant`",
                        "the token endpoint answering 400 invalid_grant",
                        b -> b.replaceNextTokenResponse(CannedResponse.json(400, "{\"error\":\"invalid_grant\"}")), QUICK),
                new Fault("token-5xx", "token endpoint: 503",
                        "the token endpoint answering 503",
                        b -> b.replaceNextTokenResponse(CannedResponse.of(503, "text/plain", "overloaded")), QUICK),
                new Fault("token-malformed-json", "token endpoint: 200, broken JSON",
                        "the token endpoint answering 200 with broken JSON",
                        b -> b.replaceNextTokenResponse(CannedResponse.json(200, "{\"access_token\":\"hf_oauth_1\",")), QUICK),
                new Fault("token-html", "token endpoint: 200, an HTML error page",
                        "the token endpoint answering 200 with an HTML error page",
                        b -> b.replaceNextTokenResponse(CannedResponse.of(200, "text/html", html)), QUICK),
                new Fault("token-slow", "token endpoint answers after " + STAND_IN_DELAY.toSeconds() + " s",
                        "the token endpoint answering after Keycloak's socket timeout",
                        b -> b.replaceNextTokenResponse(CannedResponse.json(200, "{}").after(STAND_IN_DELAY)), AFTER_TIMEOUT),
                new Fault("jwks-unreachable", "JWKS: 503 with an HTML page, every fetch",
                        "the JWKS answering 503 with an HTML page",
                        b -> b.jwksOutage(CannedResponse.of(503, "text/html", html)), QUICK),
                new Fault("jwks-slow", "JWKS answers every fetch after " + STAND_IN_DELAY.toSeconds() + " s",
                        "the JWKS answering after Keycloak's socket timeout",
                        b -> b.jwksOutage(CannedResponse.json(200, "{\"keys\":[]}").after(STAND_IN_DELAY)), AFTER_TWO_TIMEOUTS),
                new Fault("userinfo-5xx", "userinfo: 500",
                        "userinfo answering 500",
                        b -> b.replaceNextUserInfoResponse(CannedResponse.of(500, "text/html", html)), QUICK),
                new Fault("userinfo-html", "userinfo: 200, an HTML page",
                        "userinfo answering 200 with an HTML page",
                        b -> b.replaceNextUserInfoResponse(CannedResponse.of(200, "text/html", html)), QUICK),
                new Fault("userinfo-slow", "userinfo answers after " + STAND_IN_DELAY.toSeconds() + " s",
                        "userinfo answering after Keycloak's socket timeout",
                        b -> b.replaceNextUserInfoResponse(CannedResponse.json(200, "{}").after(STAND_IN_DELAY)), AFTER_TIMEOUT));
    }

    @ParameterizedTest(name = "given {0}, then a clear error page in time and the next login works")
    @MethodSource("faults")
    void givenAFailingUpstream_thenAClearErrorPageInBoundedTimeAndTheNextLoginWorks(Fault fault) {
        // A fresh realm has no cached keys, so its first login fetches the JWKS: the JWKS faults hit it.
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane().withProvider(Map.of());
        if (fault.caseId().endsWith("-slow")) {
            skipHangBoundOverHttps(hf.huggingFace());
        }
        HfUser ada = hf.ada();
        fault.apply().accept(hf.huggingFace().behaviour());

        Attempt failed = Attempt.signIn(hf, ada.preferredUsername());

        assertTrue(failed.afterConsent().compareTo(fault.bound()) < 0,
                "the error page took " + failed.afterConsent().toMillis() + " ms, bound " + fault.bound().toMillis() + " ms");
        Refusal refusal = Refusal.assertRefused(failed.end(), hf.realm(), 0);

        hf.huggingFace().behaviour().reset(); // the outage ends
        sleep(PROVIDER_JWKS_INTERVAL);
        EndPage next = Attempt.signIn(hf, ada.preferredUsername()).end();
        assertTrue(next.inApp(), "Keycloak serves the next login: " + next);
        SecurityCases.observeRefusedUpstreamFault(hf.huggingFace(), fault.caseId(), fault.hostileInput(),
                refusal.outcome() + " within " + fault.bound().toSeconds() + " s; next login signed in");
    }

    /**
     * The bounds for a hanging Hugging Face (here and in HubTokenIT) hold for the plain-http stand-in
     * of the distribution runtime. Over https (Keycloak in a container) each hanging call took twice
     * Keycloak's 5 s socket timeout (measured: 10 s for the token and userinfo endpoints, 20 s for the
     * JWKS case, with the stand-in hanging 10 s or 20 s): after the read times out, closing the TLS
     * connection waits for the server once more. So those cases are not asserted there.
     */
    static void skipHangBoundOverHttps(HuggingFaceStandIn huggingFace) {
        Assumptions.assumeFalse(huggingFace.baseUrl().startsWith("https:"), "the bound for a hanging Hugging Face is "
                + "the plain-http one; over https each hanging call takes up to twice Keycloak's 5 s socket timeout");
    }

    @Test
    void givenTheJwksFailingOnce_thenTheProvidersOwnFetchGetsTheKeysAndTheLoginSucceeds() {
        HuggingFaceFixture hf = HuggingFaceFixture.onWaitingLane().withProvider(Map.of());
        HfUser ada = hf.ada();
        hf.huggingFace().behaviour().replaceNextJwksResponse(CannedResponse.of(503, "text/html", "<h1>503</h1>"));

        Attempt attempt = Attempt.signIn(hf, ada.preferredUsername());

        assertTrue(attempt.end().inApp(), attempt.end().toString());
        assertEquals(2, hf.huggingFace().requests("/oauth/jwks").size(), "Keycloak's fetch failed, the provider's succeeded");
        SecurityCases.observe("jwks-unreachable-once", "JWKS: 503 once, then answering",
                "accepted: signed in; Keycloak's fetch got the 503, the provider's own fetch got the keys");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
