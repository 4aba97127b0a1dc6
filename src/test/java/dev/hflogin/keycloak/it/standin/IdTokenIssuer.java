package dev.hflogin.keycloak.it.standin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Mints HF-shaped ID tokens: RS256, iss = base URL, aud = client id, 1 h life. */
final class IdTokenIssuer {

    static final Duration LIFETIME = Duration.ofHours(1);

    private final String issuer;
    private final SigningKeys keys;
    private final StandInBehaviour behaviour;

    IdTokenIssuer(String issuer, SigningKeys keys, StandInBehaviour behaviour) {
        this.issuer = issuer;
        this.keys = keys;
        this.behaviour = behaviour;
    }

    /** Marks the exchange with each way the token departs from HF's (see StandInExchange#fault). */
    String issue(HfUser user, Grant grant, StandInExchange exchange) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(grant.clientId())
                .subject(user.sub())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim("auth_time", grant.authTime().getEpochSecond());
        if (grant.nonce() != null) {
            builder.claim("nonce", grant.nonce());
        }
        UserClaims.addToIdToken(builder, user, grant);
        JWTClaimsSet honest = builder.build();
        JWTClaimsSet claims = behaviour.idTokenCustomizer().apply(honest);
        // compared as JSON: a customizer that changes nothing serves no fault
        if (!honest.toJSONObject().equals(claims.toJSONObject())) {
            exchange.fault("ID token claims altered");
        }
        if (behaviour.signingMode() != SigningMode.NORMAL) {
            exchange.fault("ID token signing " + behaviour.signingMode());
        }
        if (keys.rotated()) {
            exchange.fault("ID token signed by rotated key " + keys.current().getKeyID());
        }
        String token = sign(claims);
        IssuedSecrets.issuedJwt(token);
        return token;
    }

    private String sign(JWTClaimsSet claims) {
        SigningMode mode = behaviour.signingMode();
        if (mode == SigningMode.ALG_NONE) {
            return new PlainJWT(claims).serialize();
        }
        RSAKey published = keys.current();
        boolean unpublished = mode == SigningMode.WRONG_KEY || mode == SigningMode.NO_KID_UNPUBLISHED_KEY
                || mode == SigningMode.UNKNOWN_KID;
        RSAKey signingKey = unpublished ? keys.stray() : published;
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
        if (mode == SigningMode.UNKNOWN_KID) {
            header.keyID("unknown-" + RandomValues.hex(8));
        } else if (mode != SigningMode.NO_KID && mode != SigningMode.NO_KID_UNPUBLISHED_KEY) {
            header.keyID(published.getKeyID());
        }
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign ID token", e);
        }
    }
}
