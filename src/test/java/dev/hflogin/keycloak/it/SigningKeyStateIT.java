package dev.hflogin.keycloak.it;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.hflogin.keycloak.it.standin.CannedResponse;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import dev.hflogin.keycloak.it.standin.SigningMode;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ID tokens without a kid, and key rotation. Each test runs its own Hugging Face stand-in, so the
 * keys of the stand-in the other tests share never change; Keycloak caches keys per realm and provider.
 */
@ExtendWith(LiveEnvironment.class)
class SigningKeyStateIT {

    /** Keycloak's minTimeBetweenRequests (InfinispanPublicKeyStorageProviderFactory, default 10 s), in whole seconds. */
    private static final Duration JWKS_REFETCH_THROTTLE = Duration.ofSeconds(10);
    /** FreshSigningKeys.MIN_INTERVAL_MILLIS: the provider fetches HF's keys at most this often. */
    private static final long FRESH_KEYS_INTERVAL_MILLIS = 1000;

    @Test
    void givenNoKidAndOneKeyInTheJwks_thenTheLoginIsAccepted() {
        try (HuggingFaceStandIn standIn = HuggingFaceStandIn.start(LiveEnvironment.get().keycloak().standInAddress())) {
            HuggingFaceFixture hf = new HuggingFaceFixture(standIn).withProvider(Map.of());
            HfUser ada = hf.ada();
            standIn.behaviour().signingMode(SigningMode.NO_KID);

            EndPage end = Attempt.signIn(hf, ada.preferredUsername()).end();

            assertTrue(end.inApp(), end.toString());
            assertEquals(1, hf.realm().users().size());
            SecurityCases.observe("rp-id_token-kid-absent-single-jwks", "no `kid`, one key in the JWKS",
                    "accepted: signed in");
        }
    }

    @Test
    void givenNoKidAndSeveralKeysInTheJwks_thenEveryCurrentKeyOfHuggingFaceIsTried() throws Exception {
        try (HuggingFaceStandIn standIn = HuggingFaceStandIn.start(LiveEnvironment.get().keycloak().standInAddress())) {
            standIn.rotateKeys(true); // JWKS: [current, previous]

            standIn.behaviour().signingMode(SigningMode.NO_KID);
            HuggingFaceFixture signedByFirst = new HuggingFaceFixture(standIn).withProvider(Map.of());
            EndPage first = Attempt.signIn(signedByFirst, signedByFirst.ada().preferredUsername()).end();
            assertTrue(first.inApp(), "signed by the first listed key: " + first);
            SecurityCases.observe("rp-id_token-kid-absent-multiple-jwks", "no `kid`, two keys, signed by the first listed",
                    "accepted: signed in (Keycloak tries the first RS256 key listed)");

            // HF lists its keys the other way round for Keycloak: Keycloak's guess fails, the provider tries each key.
            HuggingFaceFixture signedBySecond = new HuggingFaceFixture(standIn).withProvider(Map.of());
            standIn.behaviour().replaceNextJwksResponse(CannedResponse.json(200, jwksInReverseOrder(standIn)));
            EndPage second = Attempt.signIn(signedBySecond, signedBySecond.ada().preferredUsername()).end();
            assertTrue(second.inApp(), second.toString());
            SecurityCases.observe("rp-id_token-kid-absent-multiple-jwks-not-first", "no `kid`, two keys, signed by the second listed",
                    "accepted: signed in (Keycloak's guess, the first key, fails; the provider tries every key of HF's JWKS)");

            standIn.behaviour().signingMode(SigningMode.NO_KID_UNPUBLISHED_KEY);
            HuggingFaceFixture unknownKey = new HuggingFaceFixture(standIn).withProvider(Map.of());
            Refusal refusal = Refusal.assertRefused(
                    Attempt.signIn(unknownKey, unknownKey.ada().preferredUsername()).end(), unknownKey.realm(), 0);
            SecurityCases.observeRefusedUpstreamFault(standIn, "rp-id_token-kid-absent-unknown-key", "no `kid`, signed by a key not in the JWKS",
                    refusal.outcome());
        }
    }

    @Test
    void givenHuggingFaceRotatesItsSigningKey_thenASignInRightAfterwardsSucceeds() throws Exception {
        try (HuggingFaceStandIn standIn = HuggingFaceStandIn.start(LiveEnvironment.get().keycloak().standInAddress());
             Browser first = new Browser(); Browser second = new Browser()) {
            HuggingFaceFixture hf = new HuggingFaceFixture(standIn).withProvider(Map.of());
            HfUser ada = hf.ada();
            // Both sign-ins wait at Hugging Face's redirect back, so the second callback follows the first's
            // JWKS fetch at once, however slow the machine: only the two callbacks lie between them.
            URI oldKeyCallback = CallbackCapture.allow(consent(first, hf), standIn, ada.preferredUsername());
            URI newKeyCallback = CallbackCapture.allow(consent(second, hf), standIn, ada.preferredUsername());
            assertTrue(EndPage.of(first.open(oldKeyCallback.toString())).inApp(), "first login, old key");
            Instant fetched = lastJwksFetch(standIn);

            standIn.rotateKeys(false); // the old key is gone, tokens carry the new kid
            EndPage rightAfter = EndPage.of(second.open(newKeyCallback.toString()));
            Instant secondTokenIssued = standIn.requests("/oauth/token").get(1).timestamp();
            assertTrue(secondTokenIssued.isBefore(fetched.plus(JWKS_REFETCH_THROTTLE)),
                    "the second callback must come within Keycloak's throttle window to show the provider's fetch");
            assertTrue(rightAfter.inApp(), rightAfter.toString());
            assertEquals(2, standIn.requests("/oauth/jwks").size(), "one fetch by the provider for the unknown kid");
            SecurityCases.observe("rp-key-rotation-within-refetch-throttle", "HF replaces its key less than 10 s after Keycloak fetched the JWKS",
                    "accepted: signed in right after the rotation; the provider fetched HF's JWKS once itself, inside Keycloak's 10 s throttle");

            standIn.behaviour().signingMode(SigningMode.NO_KID);
            EndPage kidless = Attempt.signIn(hf, ada.preferredUsername()).end();
            assertTrue(kidless.inApp(), "a token without kid after the rotation: " + kidless);
            assertEquals(2, standIn.requests("/oauth/jwks").size(), "the provider's keys of a moment ago answer, no fetch");
            SecurityCases.observe("rp-key-rotation-kid-absent", "no `kid`, right after HF replaced its key",
                    "accepted: signed in (the provider checks HF's current keys when Keycloak's cached key fails)");
            standIn.behaviour().signingMode(SigningMode.NORMAL);

            // Keycloak refetches when now > last fetch + 10 s, in whole seconds: 11 s after the fetch is always past it.
            sleepUntil(fetched.plus(JWKS_REFETCH_THROTTLE).plusSeconds(1));
            EndPage afterThrottle = Attempt.signIn(hf, ada.preferredUsername()).end();

            assertTrue(afterThrottle.inApp(), afterThrottle.toString());
            assertEquals(3, standIn.requests("/oauth/jwks").size(), "Keycloak fetched the JWKS once more, nobody else");
            assertEquals(1, hf.realm().users().size());
            SecurityCases.observe("rp-key-rotation-op-sign-key", "the same, 11 s after the last fetch",
                    "accepted: signed in after one JWKS refetch");
        }
    }

    @Test
    void givenTheFirstTokenAfterAKeyRotationHasNoKid_thenTheProviderFetchesHuggingFacesKeysAgainAndSignsIn()
            throws Exception {
        try (HuggingFaceStandIn standIn = HuggingFaceStandIn.start(LiveEnvironment.get().keycloak().standInAddress())) {
            standIn.rotateKeys(true); // JWKS: [current, previous]
            standIn.behaviour().signingMode(SigningMode.NO_KID);
            HuggingFaceFixture hf = new HuggingFaceFixture(standIn).withProvider(Map.of());
            HfUser ada = hf.ada();
            // Keycloak's fetch gets the keys the other way round, so its guess fails and the provider fetches HF's keys
            String reversed = jwksInReverseOrder(standIn);
            standIn.clearRequests();
            standIn.behaviour().replaceNextJwksResponse(CannedResponse.json(200, reversed));
            assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp(), "signed in with the provider's keys");
            List<RecordedRequest> fetches = standIn.requests("/oauth/jwks");
            assertEquals(2, fetches.size(), "Keycloak's fetch and the provider's");
            Instant keycloaksFetch = fetches.get(0).timestamp();

            // the provider's keys are now more than a second old
            sleepUntil(fetches.get(1).timestamp().plusMillis(FRESH_KEYS_INTERVAL_MILLIS + 100));
            standIn.rotateKeys(false); // HF replaces its key, and the first token signed with it has no kid
            EndPage firstAfterRotation = Attempt.signIn(hf, ada.preferredUsername()).end();

            assertTrue(Instant.now().isBefore(keycloaksFetch.plus(JWKS_REFETCH_THROTTLE)),
                    "the attempt must end within Keycloak's throttle window, where Keycloak checks only its cached key");
            assertTrue(firstAfterRotation.inApp(), "the first token after the rotation, without kid: " + firstAfterRotation);
            assertEquals(3, standIn.requests("/oauth/jwks").size(), "one more fetch, by the provider");
            SecurityCases.observe("rp-key-rotation-first-token-kid-absent",
                    "the first token after HF replaced its key has no `kid`; the provider's keys are more than a second old",
                    "accepted: signed in; the provider fetched HF's JWKS again, inside Keycloak's 10 s throttle");
        }
    }

    @Test
    void givenABurstOfTokensWithUnknownKids_thenEachIsRefusedAndTheJwksIsFetchedAtMostTwice() throws Exception {
        int attempts = 6;
        try (HuggingFaceStandIn standIn = HuggingFaceStandIn.start(LiveEnvironment.get().keycloak().standInAddress())) {
            HuggingFaceFixture hf = new HuggingFaceFixture(standIn).withProvider(Map.of());
            assertTrue(Attempt.signIn(hf, hf.ada().preferredUsername()).end().inApp(), "keys cached by a normal login");
            List<Browser> browsers = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(attempts);
            try {
                List<URI> callbacks = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    Browser browser = new Browser();
                    browsers.add(browser);
                    HfUser user = standIn.addUser(HfUser.withHandle(hf.handle("burst" + i)).name("Burst " + i));
                    callbacks.add(CallbackCapture.allow(consent(browser, hf), standIn, user.preferredUsername()));
                }
                standIn.clearRequests();
                standIn.behaviour().signingMode(SigningMode.UNKNOWN_KID);
                // Every JWKS answer takes 1.5 s: callbacks still on their way when the first fetch starts wait
                // for it, so all of them meet the provider inside its one-second window on any machine.
                standIn.behaviour().jwksOutage(CannedResponse.json(200, SignInFlow.send(
                        HttpRequest.newBuilder(URI.create(standIn.jwksUri())).GET()).body()).after(Duration.ofMillis(1500)));
                standIn.clearRequests();

                CountDownLatch start = new CountDownLatch(1);
                List<Future<EndPage>> ends = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    Browser browser = browsers.get(i);
                    URI callback = callbacks.get(i);
                    ends.add(pool.submit(() -> {
                        start.await();
                        return EndPage.of(browser.open(callback.toString()));
                    }));
                }
                start.countDown();
                Refusal last = null;
                for (Future<EndPage> end : ends) {
                    last = Refusal.assertRefused(end.get(60, TimeUnit.SECONDS), hf.realm(), 1);
                }

                List<RecordedRequest> tokenRequests = standIn.requests("/oauth/token");
                assertEquals(attempts, tokenRequests.size(), "every callback reached Hugging Face's token endpoint");
                Duration spread = Duration.between(tokenRequests.stream().map(RecordedRequest::timestamp).min(Instant::compareTo).orElseThrow(),
                        tokenRequests.stream().map(RecordedRequest::timestamp).max(Instant::compareTo).orElseThrow());
                int fetches = standIn.requests("/oauth/jwks").size();
                System.out.println("JWKS: " + attempts + " concurrent callbacks with unknown kids (token requests within "
                        + spread.toMillis() + " ms): " + fetches + " JWKS fetches");
                assertTrue(fetches <= 2, "one fetch by the provider (plus at most one of Keycloak's) for the whole burst: " + fetches);
                assertEquals(attempts, hf.realm().events("IDENTITY_PROVIDER_LOGIN_ERROR").size(), "an error event each");
                SecurityCases.observeRefusedUpstreamFault(standIn, "rp-id_token-unknown-kid-burst",
                        attempts + " callbacks at once, each ID token with a new `kid` never published, signed by an unknown key",
                        last.outcome() + "; JWKS fetched at most twice (once by Keycloak, once by the provider)");
            } finally {
                pool.shutdownNow();
                browsers.forEach(Browser::close);
            }
        }
    }

    private static HtmlPage consent(Browser browser, HuggingFaceFixture hf) {
        return SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm()), hf.huggingFace());
    }

    private static Instant lastJwksFetch(HuggingFaceStandIn standIn) {
        List<RecordedRequest> fetches = standIn.requests("/oauth/jwks");
        assertEquals(1, fetches.size(), "one JWKS fetch for the first login");
        return fetches.get(0).timestamp();
    }

    /** Bounded: never more than the throttle plus two seconds. */
    private static void sleepUntil(Instant moment) throws InterruptedException {
        Duration wait = Duration.between(Instant.now(), moment);
        assertTrue(wait.compareTo(JWKS_REFETCH_THROTTLE.plusSeconds(2)) < 0, "unexpectedly long wait " + wait);
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }
    }

    private static String jwksInReverseOrder(HuggingFaceStandIn standIn) throws ParseException {
        String published = SignInFlow.send(HttpRequest.newBuilder(URI.create(standIn.jwksUri())).GET()).body();
        List<JWK> keys = new ArrayList<>(JWKSet.parse(published).getKeys());
        assertEquals(2, keys.size());
        Collections.reverse(keys);
        return new JWKSet(keys).toString(true);
    }
}
