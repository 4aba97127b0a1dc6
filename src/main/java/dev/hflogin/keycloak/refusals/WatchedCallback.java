package dev.hflogin.keycloak.refusals;

import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's broker callback (26.5+: the interface moved to UserAuthenticationIdentityProvider), told to
 * a {@link CodeExchangeWatch} on the way: when the login session is verified, and which message an
 * error from HF gets. Everything else is Keycloak's.
 */
public final class WatchedCallback implements UserAuthenticationIdentityProvider.AuthenticationCallback {

    private final UserAuthenticationIdentityProvider.AuthenticationCallback keycloak;
    private final CodeExchangeWatch watch;

    public WatchedCallback(UserAuthenticationIdentityProvider.AuthenticationCallback keycloak, CodeExchangeWatch watch) {
        this.keycloak = keycloak;
        this.watch = watch;
    }

    @Override
    public AuthenticationSessionModel getAndVerifyAuthenticationSession(String encodedCode) {
        AuthenticationSessionModel authSession = keycloak.getAndVerifyAuthenticationSession(encodedCode);
        watch.sessionVerified();
        return authSession;
    }

    @Override
    public Response authenticated(BrokeredIdentityContext context) {
        return keycloak.authenticated(context);
    }

    @Override
    public Response cancelled(IdentityProviderModel idpConfig) {
        return keycloak.cancelled(idpConfig);
    }

    @Override
    public Response retryLogin(UserAuthenticationIdentityProvider<?> identityProvider, AuthenticationSessionModel authSession) {
        return keycloak.retryLogin(identityProvider, authSession);
    }

    @Override
    public Response error(IdentityProviderModel idpConfig, String message) {
        return keycloak.error(idpConfig, watch.errorMessage(message));
    }
}
