package dev.hflogin.keycloak.it.standin;

/**
 * How the token endpoint answers a refresh with a dead refresh token (revoked, expired or already used).
 * RFC 6749 says {@code 400 invalid_grant}; Hugging Face has also been seen answering with
 * {@code 401 invalid_client} or an HTML error page.
 */
public enum DeadGrantAnswer {
    INVALID_GRANT,
    INVALID_CLIENT,
    HTML_PAGE
}
