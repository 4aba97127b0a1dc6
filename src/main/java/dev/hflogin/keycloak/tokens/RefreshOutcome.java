package dev.hflogin.keycloak.tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What Hugging Face answered to one refresh-token grant. */
sealed interface RefreshOutcome {

    /** A new access token, and (HF rotates them) a new refresh token. */
    record Refreshed(ObjectNode response) implements RefreshOutcome {
    }

    /** {@code invalid_grant}: revoked by the user, expired after months unused, or already used. */
    record GrantInvalid() implements RefreshOutcome {
    }

    /** Anything else (5xx, timeout, unreadable answer): worth retrying, the grant is kept. */
    record Unavailable(String reason) implements RefreshOutcome {
    }
}
