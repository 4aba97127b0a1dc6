package dev.hflogin.keycloak.it.standin;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth app as registered on HF: a client id, an optional secret (null = public app,
 * which must use PKCE), exact redirect URIs and the scopes enabled on the app.
 */
public record OAuthApp(String clientId, String clientSecret, Set<String> redirectUris, Set<String> scopes) {

    public OAuthApp {
        Objects.requireNonNull(clientId, "clientId");
        redirectUris = Collections.unmodifiableSet(new LinkedHashSet<>(redirectUris));
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    public static OAuthApp confidential(String clientId, String clientSecret, String redirectUri, String... scopes) {
        Objects.requireNonNull(clientSecret, "clientSecret");
        return new OAuthApp(clientId, clientSecret, Set.of(redirectUri), Scopes.of(scopes));
    }

    public static OAuthApp publicApp(String clientId, String redirectUri, String... scopes) {
        return new OAuthApp(clientId, null, Set.of(redirectUri), Scopes.of(scopes));
    }

    public boolean isPublic() {
        return clientSecret == null;
    }

    public boolean allowsRedirectUri(String redirectUri) {
        return RedirectUriRule.allows(redirectUris, redirectUri);
    }

    /** Same app with another set of enabled scopes (HF lets owners edit them later). */
    public OAuthApp withScopes(String... newScopes) {
        return new OAuthApp(clientId, clientSecret, redirectUris, Scopes.of(newScopes));
    }

    public OAuthApp withRedirectUris(String... uris) {
        return new OAuthApp(clientId, clientSecret, Set.of(uris), scopes);
    }
}
