package dev.hflogin.keycloak.tokens;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.Version;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The JSON an application gets when it asks Keycloak for a user's Hugging Face token, and what
 * each error tells it to do. Never contains Hugging Face's refresh token.
 */
public final class HubTokenAnswers {

    /** Seconds an application should wait before asking again after Hugging Face failed. */
    static final int RETRY_AFTER_SECONDS = 5;
    static final String REAUTHENTICATION_REQUIRED = "reauthentication_required";
    static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private HubTokenAnswers() {
    }

    /**
     * For {@code GET /realms/{realm}/broker/{alias}/token}. Keycloak 26.4+ turns a thrown
     * WebApplicationException into its error event and passes our JSON on; before 26.4 it would turn
     * it into an HTML error page, so there the JSON is returned and the event recorded here.
     */
    public static Response forBrokerTokenEndpoint(KeycloakSession session, RealmModel realm, String alias, HubTokenResult result) {
        if (result instanceof HubTokenResult.Live live) {
            return json(Response.Status.OK, live.token().applicationView(Time.currentTime()));
        }
        Response error = error(result);
        String reason = reason(result);
        if (keycloakReportsThrownTokenErrors()) {
            throw new WebApplicationException(reason, error);
        }
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(Details.REASON, reason)
                .error(Errors.IDENTITY_PROVIDER_ERROR);
        return error;
    }

    /** For token exchange to the provider ({@code requested_issuer=<alias>}): an access token, as Keycloak's own. */
    public static Response forTokenExchange(HubTokenResult.Live live) {
        ObjectNode body = live.token().applicationView(Time.currentTime());
        body.put(OAuth2Constants.ISSUED_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);
        return json(Response.Status.OK, body);
    }

    /** Token exchange while Hugging Face fails: retryable, the grant is kept. */
    public static Response forTokenExchangeFailure(HubTokenResult result) {
        return error(result);
    }

    static Response error(HubTokenResult result) {
        if (result instanceof HubTokenResult.Unavailable) {
            return Response.fromResponse(json(Response.Status.SERVICE_UNAVAILABLE, errorBody(TEMPORARILY_UNAVAILABLE,
                            "Hugging Face could not renew the token just now. Retry in a few seconds; "
                                    + "the user does not need to sign in again.")))
                    .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build();
        }
        return json(Response.Status.BAD_REQUEST, errorBody(REAUTHENTICATION_REQUIRED,
                "The user's Hugging Face authorization is no longer valid (revoked on Hugging Face, or unused "
                        + "for too long). The user must sign in with Hugging Face again."));
    }

    /** For the event and the log: says what happened, never a token. */
    static String reason(HubTokenResult result) {
        if (result instanceof HubTokenResult.Unavailable unavailable) {
            return "Hugging Face token refresh failed (" + unavailable.reason() + "); stored grant kept";
        }
        if (result instanceof HubTokenResult.NotLinked) {
            return "no Hugging Face grant stored for the user";
        }
        return "Hugging Face grant revoked or expired; the user must sign in with Hugging Face again";
    }

    private static ObjectNode errorBody(String error, String description) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }

    private static Response json(Response.Status status, ObjectNode body) {
        return Response.status(status).entity(body.toString()).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").build();
    }

    static boolean keycloakReportsThrownTokenErrors() {
        return keycloakReportsThrownTokenErrors(Version.VERSION);
    }

    /** Keycloak 26.4+ (and a development build, whose version is not a number) reports thrown token errors itself. */
    static boolean keycloakReportsThrownTokenErrors(String keycloakVersion) {
        String[] parts = keycloakVersion.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 26 || (major == 26 && minor >= 4);
        } catch (NumberFormatException e) {
            return true; // a development build: the newest behaviour
        }
    }
}
