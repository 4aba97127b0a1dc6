package dev.hflogin.keycloak.keys;

import org.junit.jupiter.api.Test;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.util.JsonSerialization;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider's own look-up of Hugging Face's keys, with the JWKS served by the test: what is fetched
 * when, and that providers do not wait for each other. (Against a real Keycloak: SigningKeyStateIT.)
 */
class FreshSigningKeysTest {

    private static final KeyPair OLD_KEY = rsaKeyPair();
    private static final KeyPair NEW_KEY = rsaKeyPair();

    @Test
    void givenATokenWithoutKidAfterARotation_whenTheKnownKeysAreOlderThanTheInterval_thenTheyAreFetchedAgain()
            throws Exception {
        String provider = UUID.randomUUID().toString();
        AtomicReference<String> published = new AtomicReference<>(jwks("old", OLD_KEY));
        AtomicInteger fetches = new AtomicInteger();
        FreshSigningKeys.JwksSource source = () -> {
            fetches.incrementAndGet();
            return JsonSerialization.readValue(published.get(), JSONWebKeySet.class);
        };
        assertEquals(FreshSigningKeys.Verdict.SIGNED, FreshSigningKeys.verify(provider, token(null, OLD_KEY), source));
        assertEquals(1, fetches.get());

        published.set(jwks("new", NEW_KEY)); // HF rotates its key
        JWSInput firstAfterRotation = token(null, NEW_KEY);
        assertEquals(FreshSigningKeys.Verdict.NOT_SIGNED, FreshSigningKeys.verify(provider, firstAfterRotation, source),
                "within the interval the known keys answer");
        assertEquals(1, fetches.get(), "bounded: no fetch within the interval");

        Thread.sleep(FreshSigningKeys.MIN_INTERVAL_MILLIS + 100);
        assertEquals(FreshSigningKeys.Verdict.SIGNED, FreshSigningKeys.verify(provider, firstAfterRotation, source),
                "a token without kid is checked against HF's current keys");
        assertEquals(2, fetches.get());
        assertEquals(FreshSigningKeys.Verdict.SIGNED, FreshSigningKeys.verify(provider, token(null, NEW_KEY), source));
        assertEquals(2, fetches.get(), "a set that verifies the token answers without a fetch");
    }

    @Test
    void givenOneProvidersJwksHangs_whenAnotherProviderFetchesItsKeys_thenItIsNotHeldUp() throws Exception {
        CountDownLatch slowFetchStarted = new CountDownLatch(1);
        CountDownLatch releaseSlowFetch = new CountDownLatch(1);
        FreshSigningKeys.JwksSource hanging = () -> {
            slowFetchStarted.countDown();
            releaseSlowFetch.await(20, TimeUnit.SECONDS);
            return JsonSerialization.readValue(jwks("old", OLD_KEY), JSONWebKeySet.class);
        };
        FreshSigningKeys.JwksSource answering = () -> JsonSerialization.readValue(jwks("new", NEW_KEY), JSONWebKeySet.class);
        CompletableFuture<FreshSigningKeys.Verdict> slow = CompletableFuture.supplyAsync(
                () -> FreshSigningKeys.verify("slow-" + UUID.randomUUID(), token(null, OLD_KEY), hanging));
        try {
            assertTrue(slowFetchStarted.await(10, TimeUnit.SECONDS), "the slow provider's fetch started");
            CompletableFuture<FreshSigningKeys.Verdict> other = CompletableFuture.supplyAsync(
                    () -> FreshSigningKeys.verify("other-" + UUID.randomUUID(), token("new", NEW_KEY), answering));
            // while the slow fetch still hangs: the other provider's fetch does not wait for it
            assertEquals(FreshSigningKeys.Verdict.SIGNED, other.get(5, TimeUnit.SECONDS));
            assertEquals(1, releaseSlowFetch.getCount(), "the slow fetch was still hanging");
        } finally {
            releaseSlowFetch.countDown();
        }
        assertEquals(FreshSigningKeys.Verdict.SIGNED, slow.get(10, TimeUnit.SECONDS));
    }

    private static JWSInput token(String kid, KeyPair key) {
        try {
            String header = kid == null ? "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"
                    : "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
            String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64("{\"sub\":\"1\"}".getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return new JWSInput(input + "." + b64(signer.sign()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwks(String kid, KeyPair key) {
        RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + b64(unsigned(rsa.getModulus())) + "\",\"e\":\"" + b64(unsigned(rsa.getPublicExponent())) + "\"}]}";
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
