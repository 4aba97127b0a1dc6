package dev.hflogin.keycloak.it.standin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused authorize request. If the client or redirect URI cannot be trusted it is shown
 * as an error page (redirectUri null); otherwise it goes back to the app as error=... .
 */
final class AuthorizeRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final String error;
    private final String redirectUri;
    private final String state;

    private AuthorizeRejection(String error, String description, String redirectUri, String state) {
        super(description, null, false, false);
        this.error = error;
        this.redirectUri = redirectUri;
        this.state = state;
    }

    /** Must not redirect: shown to the user only. */
    static AuthorizeRejection onPage(String description) {
        return new AuthorizeRejection("invalid_request", description, null, null);
    }

    static AuthorizeRejection redirected(String error, String description, String redirectUri, String state) {
        return new AuthorizeRejection(error, description, redirectUri, state);
    }

    boolean redirectable() {
        return redirectUri != null;
    }

    String error() {
        return error;
    }

    String description() {
        return getMessage();
    }

    /** The app's redirect URI with error, error_description and state. */
    String location() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", getMessage());
        params.put("state", state);
        return FormCodec.appendQuery(redirectUri, params);
    }
}
