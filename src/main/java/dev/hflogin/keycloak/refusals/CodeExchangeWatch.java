package dev.hflogin.keycloak.refusals;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.messages.Messages;

import java.util.regex.Pattern;

/**
 * One callback from Hugging Face, followed through Keycloak's broker endpoint (Keycloak 26.5+, where the
 * provider gets the endpoint's event): the two refusals Keycloak makes itself before the provider sees
 * HF's answer get a Hugging Face page and an event that says which.
 * <ul>
 *   <li>HF's token endpoint failing (an error status, a timeout): between the login session being
 *   verified and the token response being read, the event carries {@link FailedCheck#TOKEN_ENDPOINT},
 *   so Keycloak's own error event names it; the page is replaced by the provider's.</li>
 *   <li>HF sending the browser back with an OAuth error Keycloak does not handle itself (e.g.
 *   {@code invalid_scope}): Keycloak shows its login form with a generic message and stores no event;
 *   the provider's message is shown instead, and an event with the error code is stored.</li>
 * </ul>
 */
public final class CodeExchangeWatch {

    private static final Logger LOG = Logger.getLogger(CodeExchangeWatch.class);
    /** The event detail with the OAuth error code HF sent (a fixed word such as invalid_scope). */
    public static final String ERROR_DETAIL = "huggingface_error";
    private static final Pattern OAUTH_ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private final KeycloakSession session;
    private final String alias;
    private final EventBuilder event;
    private boolean codeReturned;
    private String huggingFaceError;
    private boolean exchanging;

    public CodeExchangeWatch(KeycloakSession session, String alias, EventBuilder event) {
        this.session = session;
        this.alias = alias;
        this.event = event;
    }

    /** The callback endpoint's event, which the provider's own refusals record. */
    public EventBuilder event() {
        return event;
    }

    /** HF's redirect arrived: a code, or an error. */
    public void callbackArrived(String code, String error) {
        codeReturned = code != null && error == null;
        huggingFaceError = error;
    }

    /** Keycloak verified the login session: with a code, it now calls HF's token endpoint. */
    public void sessionVerified() {
        if (codeReturned) {
            exchanging = true;
            event.detail(FailedCheck.EVENT_DETAIL, FailedCheck.TOKEN_ENDPOINT.detail());
        }
    }

    /** HF's token endpoint answered with a success status: from here on the provider names what fails. */
    public void tokenResponseRead() {
        if (exchanging) {
            exchanging = false;
            event.removeDetail(FailedCheck.EVENT_DETAIL);
        }
    }

    /** The endpoint's answer, with the provider's page when the token endpoint failed. */
    public Response answer(Response response) {
        if (!exchanging || response == null || response.getStatus() < 400) {
            return response;
        }
        exchanging = false;
        RefusalPage.log(session.getContext().getRealm(), alias,
                new SignInRefused(FailedCheck.TOKEN_ENDPOINT, "token endpoint failed"));
        return RefusalPage.page(session, FailedCheck.TOKEN_ENDPOINT);
    }

    /**
     * The message of Keycloak's login form after HF sent an error: Keycloak's generic one becomes the
     * provider's, and the event Keycloak does not store is stored.
     */
    public String errorMessage(String message) {
        if (huggingFaceError == null || !Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR.equals(message)) {
            return message;
        }
        String code = OAUTH_ERROR_CODE.matcher(huggingFaceError).matches() ? huggingFaceError : "other";
        RefusalPage.log(session.getContext().getRealm(), alias,
                new SignInRefused(FailedCheck.AUTHORIZATION, "Hugging Face answered " + code));
        event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(FailedCheck.EVENT_DETAIL, FailedCheck.AUTHORIZATION.detail())
                .detail(ERROR_DETAIL, code)
                .error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return FailedCheck.AUTHORIZATION.messageKey();
    }
}
