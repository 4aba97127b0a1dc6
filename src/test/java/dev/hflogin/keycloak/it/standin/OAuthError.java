package dev.hflogin.keycloak.it.standin;

/** An OAuth error answered as JSON {error, error_description} with an HTTP status. */
final class OAuthError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String wwwAuthenticate;

    OAuthError(int status, String error, String description) {
        this(status, error, description, null);
    }

    OAuthError(int status, String error, String description, String wwwAuthenticate) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String description() {
        return getMessage();
    }

    /** Value for a WWW-Authenticate header, or null when none is due. */
    String wwwAuthenticate() {
        return wwwAuthenticate;
    }
}
