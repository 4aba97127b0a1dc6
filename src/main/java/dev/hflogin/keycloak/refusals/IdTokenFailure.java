package dev.hflogin.keycloak.refusals;

import dev.hflogin.keycloak.keys.FreshSigningKeys;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.representations.JsonWebToken;

import java.util.Arrays;

/**
 * Which check an ID token failed, once Keycloak's validation (signature, then expiry, audience and
 * {@code azp}, then issuer: OIDCIdentityProvider#validateToken, the same from 26.0 to 26.7) refused it.
 * Only names the check: the refusal itself stays Keycloak's, this runs after it.
 */
public final class IdTokenFailure {

    private IdTokenFailure() {
    }

    /**
     * @param signature what the signature check found, or null when the token never reached it
     * @param clientId  the client ID the token must be addressed to, or null when the audience was not checked
     */
    public static FailedCheck of(FreshSigningKeys.Verdict signature, String encodedToken, String clientId,
            String issuer, int allowedClockSkew) {
        if (signature == FreshSigningKeys.Verdict.KEYS_UNAVAILABLE) {
            return FailedCheck.JWKS;
        }
        if (signature == FreshSigningKeys.Verdict.NOT_SIGNED) {
            return FailedCheck.ID_TOKEN_SIGNATURE;
        }
        JsonWebToken token = unverifiedContent(encodedToken);
        if (signature == null || token == null) {
            return FailedCheck.ID_TOKEN_MALFORMED;
        }
        if (!token.isActive(allowedClockSkew)) {
            return FailedCheck.ID_TOKEN_EXPIRED;
        }
        if (clientId != null && (!token.hasAudience(clientId)
                || (token.getIssuedFor() != null && !clientId.equals(token.getIssuedFor())))) {
            return FailedCheck.ID_TOKEN_AUDIENCE;
        }
        if (issuer != null && !issuer.isBlank() && !trusted(issuer, token.getIssuer())) {
            return FailedCheck.ID_TOKEN_ISSUER;
        }
        return FailedCheck.ID_TOKEN_MALFORMED;
    }

    /** Keycloak's issuer setting is a comma-separated list. */
    private static boolean trusted(String issuers, String issuer) {
        return issuer != null && Arrays.stream(issuers.split(",")).map(String::trim).anyMatch(issuer::equals);
    }

    private static JsonWebToken unverifiedContent(String encodedToken) {
        if (encodedToken == null) {
            return null;
        }
        try {
            return new JWSInput(encodedToken).readJsonContent(JsonWebToken.class);
        } catch (Exception e) {
            return null;
        }
    }
}
