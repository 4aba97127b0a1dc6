package dev.hflogin.keycloak.keys;

import org.jboss.logging.Logger;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.JWKSHttpUtils;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hugging Face's signing keys fetched by the provider itself when Keycloak's key cache does not
 * verify a token (Keycloak fetches the JWKS at most every 10 s, and checks a token without {@code kid}
 * against one cached key only). A sign-in right after HF rotates its key then succeeds instead of
 * failing for up to 10 s, whether or not the token names its key.
 *
 * <p>Bounded: per provider (realm and alias) on this node, the JWKS is fetched at most once per
 * {@link #MIN_INTERVAL_MILLIS} ms, however many tokens with unknown keys, or without {@code kid} and
 * verified by no key of the last fetched set, arrive; within that time the last fetched set answers.
 * Each provider fetches under its own lock: one realm's slow JWKS holds up only that provider's sign-ins.
 */
public final class FreshSigningKeys {

    static final long MIN_INTERVAL_MILLIS = 1000;

    private static final Logger LOG = Logger.getLogger(FreshSigningKeys.class);
    private static final Map<String, Fetched> FETCHED = new ConcurrentHashMap<>();
    /** One lock per provider key: a fetch waits only for another fetch of the same provider. */
    private static final Map<String, Object> FETCH_LOCKS = new ConcurrentHashMap<>();

    /** @param reachable whether HF answered the fetch with a key set (an outage gives an empty, unreachable set) */
    private record Fetched(long atMillis, Map<String, PublicKey> byKid, List<PublicKey> all, boolean reachable) {
    }

    /** Where the key set comes from: HF's JWKS URL, through Keycloak's HTTP client. */
    @FunctionalInterface
    interface JwksSource {
        JSONWebKeySet fetch() throws Exception;
    }

    /** What HF's current JWKS says about a token's signature. */
    public enum Verdict {
        /** an RS256 key of HF's current JWKS verifies the signature */
        SIGNED,
        /** HF's current JWKS was fetched and none of its keys verifies it */
        NOT_SIGNED,
        /** HF's JWKS could not be fetched (an error, a timeout, not a key set): nothing to check against */
        KEYS_UNAVAILABLE
    }

    private FreshSigningKeys() {
    }

    /**
     * @param provider a key for the provider, e.g. realm ID and alias
     * @return {@link Verdict#SIGNED} when an RS256 key of HF's current JWKS (the token's {@code kid}, or
     *         any key for a token without one) verifies the signature
     */
    public static Verdict verify(KeycloakSession session, String provider, String jwksUrl, JWSInput jws) {
        return verify(provider + "|" + jwksUrl, jws, () -> JWKSHttpUtils.sendJwksRequest(session, jwksUrl));
    }

    /**
     * The last fetched set answers when it knows the token's {@code kid}, or verifies a token without one;
     * otherwise the set is fetched again, unless it was fetched less than {@link #MIN_INTERVAL_MILLIS} ago.
     */
    static Verdict verify(String cacheKey, JWSInput jws, JwksSource source) {
        String kid = jws.getHeader().getKeyId();
        Fetched known = FETCHED.get(cacheKey);
        if (known != null) {
            Verdict cached = verdict(known, kid, jws);
            if (cached == Verdict.SIGNED || (kid != null && known.byKid().containsKey(kid))) {
                return cached;
            }
        }
        return verdict(fetchedRecently(cacheKey, source), kid, jws);
    }

    private static Verdict verdict(Fetched keys, String kid, JWSInput jws) {
        List<PublicKey> candidates = kid == null ? keys.all() : keys.byKid().containsKey(kid)
                ? List.of(keys.byKid().get(kid)) : List.of();
        if (candidates.stream().anyMatch(key -> signatureMatches(jws, key))) {
            return Verdict.SIGNED;
        }
        return keys.reachable() ? Verdict.NOT_SIGNED : Verdict.KEYS_UNAVAILABLE;
    }

    /** The set fetched less than {@link #MIN_INTERVAL_MILLIS} ago, else a new fetch (one at a time per provider). */
    private static Fetched fetchedRecently(String cacheKey, JwksSource source) {
        synchronized (FETCH_LOCKS.computeIfAbsent(cacheKey, key -> new Object())) {
            Fetched known = FETCHED.get(cacheKey);
            if (known != null && System.currentTimeMillis() - known.atMillis() < MIN_INTERVAL_MILLIS) {
                return known; // fetched by another thread while this one waited, or just before
            }
            Fetched fetched = fetch(source);
            FETCHED.put(cacheKey, fetched);
            return fetched;
        }
    }

    private static Fetched fetch(JwksSource source) {
        Map<String, PublicKey> byKid = new LinkedHashMap<>();
        List<PublicKey> all = new ArrayList<>();
        boolean reachable = false;
        try {
            JSONWebKeySet set = source.fetch();
            for (JWK jwk : set.getKeys() == null ? new JWK[0] : set.getKeys()) {
                PublicKey key = rsaSigningKey(jwk);
                if (key != null) {
                    all.add(key);
                    if (jwk.getKeyId() != null) {
                        byKid.put(jwk.getKeyId(), key);
                    }
                }
            }
            reachable = true;
        } catch (Exception e) {
            LOG.debugf("Hugging Face JWKS could not be fetched (%s)", e.toString());
        }
        return new Fetched(System.currentTimeMillis(), Map.copyOf(byKid), List.copyOf(all), reachable);
    }

    /** An RSA key meant for signatures (or for anything), else null. */
    static PublicKey rsaSigningKey(JWK jwk) {
        if (!"RSA".equals(jwk.getKeyType()) || (jwk.getPublicKeyUse() != null && !"sig".equals(jwk.getPublicKeyUse()))) {
            return null;
        }
        Object n = jwk.getOtherClaims().get("n");
        Object e = jwk.getOtherClaims().get("e");
        if (!(n instanceof String modulus) || !(e instanceof String exponent)) {
            return null;
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(modulus)),
                    new BigInteger(1, Base64.getUrlDecoder().decode(exponent))));
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            return null;
        }
    }

    static boolean signatureMatches(JWSInput jws, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(jws.getSignature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
