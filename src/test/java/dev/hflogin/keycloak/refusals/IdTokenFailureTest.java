package dev.hflogin.keycloak.refusals;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hflogin.keycloak.keys.FreshSigningKeys.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Naming the check an ID token failed, in Keycloak's order: signature, expiry, audience, issuer. */
class IdTokenFailureTest {

    private static final String CLIENT = "keycloak-app";
    private static final String ISSUER = "http://127.0.0.1:1234";

    @Test
    void givenTheSignatureCheckFailedOrCouldNotRun_thenThatIsTheCheckWhateverTheClaims() {
        String expiredForOthers = token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(60))).audience("other"));
        assertEquals(FailedCheck.ID_TOKEN_SIGNATURE, IdTokenFailure.of(Verdict.NOT_SIGNED, expiredForOthers, CLIENT, ISSUER, 0));
        assertEquals(FailedCheck.JWKS, IdTokenFailure.of(Verdict.KEYS_UNAVAILABLE, expiredForOthers, CLIENT, ISSUER, 0));
    }

    @Test
    void givenATokenThatNeverReachedTheSignatureCheckOrCannotBeRead_thenMalformed() {
        assertEquals(FailedCheck.ID_TOKEN_MALFORMED, IdTokenFailure.of(null, token(c -> c), CLIENT, ISSUER, 0));
        assertEquals(FailedCheck.ID_TOKEN_MALFORMED, IdTokenFailure.of(Verdict.SIGNED, "not.a.jwt", CLIENT, ISSUER, 0));
        assertEquals(FailedCheck.ID_TOKEN_MALFORMED, IdTokenFailure.of(Verdict.SIGNED, null, CLIENT, ISSUER, 0));
    }

    @Test
    void givenASignedToken_thenExpiryComesBeforeAudienceAndAudienceBeforeIssuer() {
        Date past = Date.from(Instant.now().minusSeconds(60));
        assertEquals(FailedCheck.ID_TOKEN_EXPIRED, IdTokenFailure.of(Verdict.SIGNED,
                token(c -> c.expirationTime(past).audience("other").issuer("https://elsewhere")), CLIENT, ISSUER, 0));
        assertEquals(FailedCheck.ID_TOKEN_AUDIENCE, IdTokenFailure.of(Verdict.SIGNED,
                token(c -> c.audience("other").issuer("https://elsewhere")), CLIENT, ISSUER, 0));
        assertEquals(FailedCheck.ID_TOKEN_AUDIENCE, IdTokenFailure.of(Verdict.SIGNED,
                token(c -> c.claim("azp", "other")), CLIENT, ISSUER, 0));
        assertEquals(FailedCheck.ID_TOKEN_ISSUER, IdTokenFailure.of(Verdict.SIGNED,
                token(c -> c.issuer("https://huggingface.co")), CLIENT, ISSUER, 0));
    }

    @Test
    void givenTheAudienceIsNotCheckedOrSeveralIssuersAreTrusted_thenOnlyWhatKeycloakChecksCounts() {
        assertEquals(FailedCheck.ID_TOKEN_MALFORMED, IdTokenFailure.of(Verdict.SIGNED, token(c -> c.audience("other")),
                null, ISSUER, 0), "audience not checked: nothing else failed");
        assertEquals(FailedCheck.ID_TOKEN_MALFORMED, IdTokenFailure.of(Verdict.SIGNED, token(c -> c),
                CLIENT, "https://a.example, " + ISSUER, 0));
    }

    @Test
    void givenANotBeforeWithinTheAllowedClockSkew_thenItIsNotTheFailure() {
        String soon = token(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(5))).issuer("https://elsewhere"));
        assertEquals(FailedCheck.ID_TOKEN_ISSUER, IdTokenFailure.of(Verdict.SIGNED, soon, CLIENT, ISSUER, 30));
        assertEquals(FailedCheck.ID_TOKEN_EXPIRED, IdTokenFailure.of(Verdict.SIGNED, soon, CLIENT, ISSUER, 0));
    }

    /** A well-formed token for CLIENT from ISSUER, valid for an hour, changed by {@code change}. */
    private static String token(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder()
                .subject("6200000000000000000000aa").issuer(ISSUER).audience(CLIENT)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(new byte[32]));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
