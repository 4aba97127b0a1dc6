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
 * know a token's key and Keycloak declines to fetch the JWKS again (it waits 10 s between fetches).
 * A sign-in right after HF rotates its key then succeeds instead of failing for up to 10 s.
 *
 * <p>Bounded: per provider (realm and alias) on this node, the JWKS is fetched at most once per
 * {@link #MIN_INTERVAL_MILLIS} ms, however many tokens with unknown keys arrive; within that time
 * the last fetched set answers. A token whose key is not in it is refused, as before.
 */
public final class FreshSigningKeys {

    static final long MIN_INTERVAL_MILLIS = 1000;

    private static final Logger LOG = Logger.getLogger(FreshSigningKeys.class);
    private static final Map<String, Fetched> FETCHED = new ConcurrentHashMap<>();

    /** @param reachable whether HF answered the fetch with a key set (an outage gives an empty, unreachable set) */
    private record Fetched(long atMillis, Map<String, PublicKey> byKid, List<PublicKey> all, boolean reachable) {
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
        String kid = jws.getHeader().getKeyId();
        Fetched keys = keysFor(session, provider + "|" + jwksUrl, jwksUrl, kid);
        List<PublicKey> candidates = kid == null ? keys.all() : keys.byKid().containsKey(kid)
                ? List.of(keys.byKid().get(kid)) : List.of();
        if (candidates.stream().anyMatch(key -> signatureMatches(jws, key))) {
            return Verdict.SIGNED;
        }
        return keys.reachable() ? Verdict.NOT_SIGNED : Verdict.KEYS_UNAVAILABLE;
    }

    private static Fetched keysFor(KeycloakSession session, String cacheKey, String jwksUrl, String kid) {
        Fetched known = FETCHED.get(cacheKey);
        if (known != null && (kid == null || known.byKid().containsKey(kid)
                || System.currentTimeMillis() - known.atMillis() < MIN_INTERVAL_MILLIS)) {
            return known;
        }
        synchronized (FreshSigningKeys.class) {
            known = FETCHED.get(cacheKey);
            if (known != null && System.currentTimeMillis() - known.atMillis() < MIN_INTERVAL_MILLIS) {
                return known; // another thread fetched while this one waited
            }
            Fetched fetched = fetch(session, jwksUrl);
            FETCHED.put(cacheKey, fetched);
            return fetched;
        }
    }

    private static Fetched fetch(KeycloakSession session, String jwksUrl) {
        Map<String, PublicKey> byKid = new LinkedHashMap<>();
        List<PublicKey> all = new ArrayList<>();
        boolean reachable = false;
        try {
            JSONWebKeySet set = JWKSHttpUtils.sendJwksRequest(session, jwksUrl);
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
