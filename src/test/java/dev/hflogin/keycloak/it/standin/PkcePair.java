package dev.hflogin.keycloak.it.standin;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** A fresh PKCE verifier and its S256 challenge, computed here independently of the stand-in. */
record PkcePair(String verifier, String challenge) {

    static PkcePair create() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String verifier = Base64URL.encode(bytes).toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new PkcePair(verifier, Base64URL.encode(digest).toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
