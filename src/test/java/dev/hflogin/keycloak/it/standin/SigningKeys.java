package dev.hflogin.keycloak.it.standin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The RSA keys behind /oauth/jwks: one current signing key plus any kept after rotation. */
final class SigningKeys {

    private final AtomicInteger generation = new AtomicInteger();
    private final List<RSAKey> published = new ArrayList<>();
    private RSAKey current;
    /** Never published; used to sign tokens that must fail verification. */
    private RSAKey stray;

    SigningKeys() {
        rotate(false);
    }

    synchronized RSAKey current() {
        return current;
    }

    /** Makes a fresh current key; the old ones stay published unless dropped. */
    synchronized RSAKey rotate(boolean keepPrevious) {
        current = generate("hf-standin-key-" + generation.incrementAndGet());
        if (!keepPrevious) {
            published.clear();
        }
        published.add(0, current);
        return current;
    }

    /** Whether the current key replaced the stand-in's first one (a test rotated the keys). */
    synchronized boolean rotated() {
        return generation.get() > 1;
    }

    synchronized RSAKey stray() {
        if (stray == null) {
            stray = generate("hf-standin-unpublished");
        }
        return stray;
    }

    /** JWKS JSON with public parts only. */
    synchronized String publicJwks() {
        List<JWK> keys = new ArrayList<>(published);
        return new JWKSet(keys).toString(true);
    }

    synchronized List<String> publishedKeyIds() {
        return published.stream().map(JWK::getKeyID).toList();
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(keyId)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate RSA key", e);
        }
    }
}
