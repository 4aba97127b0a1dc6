package dev.hflogin.keycloak.tokens;

/** What an application asking for a user's Hugging Face token gets. */
public sealed interface HubTokenResult {

    /** A token Hugging Face accepts, valid for at least the minimum validity. */
    record Live(StoredHubToken token, boolean refreshed) implements HubTokenResult {
    }

    /** The grant is dead (revoked on Hugging Face, or expired unused): the user must sign in with HF again. */
    record ReauthenticationRequired() implements HubTokenResult {
    }

    /** Hugging Face could not be reached or failed; the stored grant is kept, so a retry can succeed. */
    record Unavailable(String reason) implements HubTokenResult {
    }

    /** The user has no Hugging Face link (or no stored grant) in this realm. */
    record NotLinked() implements HubTokenResult {
    }
}
