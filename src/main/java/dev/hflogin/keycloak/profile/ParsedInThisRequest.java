package dev.hflogin.keycloak.profile;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Hugging Face profile of a login, parsed once per Keycloak request: the provider, its email rule
 * and every organization mapper ask for it, and for a user in a hundred organizations parsing is most
 * of the provider's own work. Kept as an attribute of the request's {@link KeycloakSession} (gone with
 * the request) together with the very claims node it came from: a node read back from the
 * authentication session by a later request of the first-login flow is parsed afresh. The provider
 * stores the claims in the login's context once they are final and nothing changes them after that.
 * Outside a Keycloak request (unit tests) nothing is kept.
 */
final class ParsedInThisRequest {

    private static final String ATTRIBUTE = ParsedInThisRequest.class.getName();

    private record Parsed(JsonNode claims, Optional<HuggingFaceProfile> profile) {
    }

    private ParsedInThisRequest() {
    }

    static Optional<HuggingFaceProfile> profile(JsonNode claims, Supplier<Optional<HuggingFaceProfile>> parse) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        Parsed kept = session == null ? null : session.getAttribute(ATTRIBUTE, Parsed.class);
        if (kept != null && kept.claims() == claims) {
            return kept.profile();
        }
        Optional<HuggingFaceProfile> profile = parse.get();
        remember(session, claims, profile);
        return profile;
    }

    /** The profile the provider parsed from the claims it stores in the login's context. */
    static void remember(HuggingFaceProfile profile) {
        remember(KeycloakSessionUtil.getKeycloakSession(), profile.claims(), Optional.of(profile));
    }

    private static void remember(KeycloakSession session, JsonNode claims, Optional<HuggingFaceProfile> profile) {
        if (session != null) {
            session.setAttribute(ATTRIBUTE, new Parsed(claims, profile));
        }
    }
}
