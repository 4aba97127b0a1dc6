package dev.hflogin.keycloak.doors;

import java.util.Map;
import java.util.Set;

/**
 * The ways into Keycloak that the Hugging Face provider inherits from Keycloak's OIDC broker, and which of
 * them are open (docs/SECURITY.md, "Every way in", lists each with its test). Only Hugging Face's browser
 * sign-in checks everything a sign-in must (nonce, audience, userinfo, organization allow-list, email
 * rules); the other doors take a Hugging Face token on Keycloak's own, weaker checks, so they stay shut
 * whatever the stored configuration says:
 * <ul>
 *   <li>the JWT Authorization Grant (RFC 7523, Keycloak 26.5+): an HF ID token for tokens of a linked user;</li>
 *   <li>federated client assertions (26.4+): an HF-signed JWT as a client's credentials;</li>
 *   <li>trust material (26.7+): HF's signing keys trusted for client or key attestations;</li>
 *   <li>external token exchange (v1): an HF token for Keycloak tokens.</li>
 * </ul>
 * Kept free of Keycloak types newer than 26.0, so the provider's overrides only delegate and the JAR
 * loads on every 26.x.
 */
public final class InheritedDoors {

    /** {@code IdentityProviderType} names (Keycloak 26.5+) of the doors that stay shut. */
    private static final Set<String> CLOSED_TYPES =
            Set.of("JWT_AUTHORIZATION_GRANT", "CLIENT_ASSERTION", "TRUST_MATERIAL", "EXCHANGE_EXTERNAL_TOKEN");

    /**
     * Keycloak's config keys that open a door ({@code JWTAuthorizationGrantConfig}, {@code OIDCIdentityProviderConfig}),
     * with the value stored whatever was saved, so the admin API and an export show what is in force.
     */
    public static final Map<String, String> CLOSED_SETTINGS = Map.of(
            "jwtAuthorizationGrantEnabled", "false",
            "supportsClientAssertions", "false");

    /** The reason Keycloak records when the grant reaches the provider anyway (26.5); names no token or claim. */
    public static final String JWT_AUTHORIZATION_GRANT_REFUSED =
            "Hugging Face ID tokens are not accepted as JWT authorization grants";

    private InheritedDoors() {
    }

    /**
     * Whether Keycloak may treat the provider as the given kind ({@code IdentityProvider.isType}): false for
     * the shut doors; for the others (browser sign-in and linking) Keycloak's own answer stands.
     */
    public static boolean admits(String identityProviderType) {
        return !CLOSED_TYPES.contains(identityProviderType);
    }

    /** Whether the JWT Authorization Grant is open: never. */
    public static boolean jwtAuthorizationGrant() {
        return false;
    }

    /** Whether federated client assertions are accepted: never. */
    public static boolean clientAssertions() {
        return false;
    }

    /** Whether HF's keys are offered as trust material: never. */
    public static boolean trustMaterial() {
        return false;
    }

    /** Whether external tokens are exchanged for Keycloak tokens (token exchange v1): never. */
    public static boolean externalTokenExchange() {
        return false;
    }
}
