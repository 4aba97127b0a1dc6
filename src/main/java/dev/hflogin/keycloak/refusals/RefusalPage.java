package dev.hflogin.keycloak.refusals;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What a refused Hugging Face sign-in leaves behind: the login theme's error page with the check's
 * message, an IDENTITY_PROVIDER_LOGIN_ERROR event whose {@code reason} names the check, and one log
 * line naming the check (never a token or claim value).
 *
 * <p>Keycloak's callback endpoint returns the response of a WebApplicationException thrown while it
 * reads HF's answer as it is (AbstractOAuth2IdentityProvider.Endpoint#authResponse, 26.0 to 26.7), so
 * the page and the event are the provider's on every version, and Keycloak records no second event.
 */
public final class RefusalPage {

    private static final Logger LOG = Logger.getLogger(RefusalPage.class);

    private RefusalPage() {
    }

    /**
     * @param callbackEvent the event of Keycloak's callback endpoint where the provider has it (26.5+),
     *                      else null: an event of the same type is made
     * @return the exception to throw: the page, or the refusal itself outside a browser sign-in
     */
    public static RuntimeException of(KeycloakSession session, String alias, SignInRefused refused,
            EventBuilder callbackEvent) {
        log(session.getContext().getRealm(), alias, refused);
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null) {
            return refused; // not a browser sign-in: no page to show
        }
        EventBuilder event = callbackEvent != null ? callbackEvent : newEvent(session, authSession);
        event.event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(FailedCheck.EVENT_DETAIL, refused.check().detail())
                .error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return new WebApplicationException(page(session, refused.check()));
    }

    /** The error page of a check, as Keycloak shows its own broker errors (status 502). */
    public static Response page(KeycloakSession session, FailedCheck check) {
        return ErrorPage.error(session, null, Response.Status.BAD_GATEWAY, check.messageKey());
    }

    /** One line for the operator: realm, alias and check; the root cause's type for an upstream fault. */
    public static void log(RealmModel realm, String alias, SignInRefused refused) {
        FailedCheck check = refused.check();
        String realmName = realm == null ? "?" : realm.getName();
        if (check.upstreamFault()) {
            Throwable cause = refused.getCause();
            while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            LOG.warnf("Hugging Face sign-in failed (realm %s, alias %s): %s%s", realmName, alias, check.detail(),
                    cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
        } else {
            LOG.infof("Hugging Face sign-in refused (realm %s, alias %s): %s", realmName, alias, check.detail());
        }
    }

    /** An event like the one Keycloak's broker endpoint records: realm, client, IP and login session. */
    private static EventBuilder newEvent(KeycloakSession session, AuthenticationSessionModel authSession) {
        EventBuilder event = new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection())
                .client(authSession.getClient());
        if (authSession.getParentSession() != null) {
            event.detail(Details.CODE_ID, authSession.getParentSession().getId());
        }
        return event;
    }
}
