package dev.hflogin.keycloak.it.standin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;

/**
 * Token endpoint client authentication as HF accepts it: client_secret_basic
 * (RFC 6749 2.3.1, id and secret form-urlencoded before Base64), client_secret_post,
 * or just client_id for public apps.
 */
final class ClientAuthenticator {

    static final String BASIC = "client_secret_basic";
    static final String POST = "client_secret_post";
    static final String NONE = "none";

    record AuthenticatedClient(OAuthApp app, String method) {
    }

    private final Function<String, OAuthApp> apps;

    ClientAuthenticator(Function<String, OAuthApp> apps) {
        this.apps = apps;
    }

    AuthenticatedClient authenticate(StandInExchange exchange) throws OAuthError {
        String authorization = exchange.header("Authorization");
        String formId = exchange.form().get("client_id");
        String formSecret = exchange.form().get("client_secret");
        String method;
        String clientId;
        String secret;
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
            if (formSecret != null) {
                throw OAuthError.invalidRequest("Use one client authentication method, not Basic and client_secret");
            }
            String[] credentials = decodeBasic(authorization.substring(6).trim());
            method = BASIC;
            clientId = credentials[0];
            secret = credentials[1];
            if (formId != null && !formId.equals(clientId)) {
                throw OAuthError.invalidRequest("client_id in the body differs from the Basic credentials");
            }
        } else {
            method = formSecret != null ? POST : NONE;
            clientId = formId;
            secret = formSecret;
        }
        exchange.note("client_auth", method);
        OAuthApp app = clientId == null ? null : apps.apply(clientId);
        if (app == null || !secretMatches(app, secret)) {
            throw invalidClient(method, "Client authentication failed");
        }
        return new AuthenticatedClient(app, method);
    }

    /** Public apps present no secret; confidential apps must present the right one. */
    private static boolean secretMatches(OAuthApp app, String presented) {
        if (app.isPublic()) {
            return presented == null;
        }
        return presented != null && MessageDigest.isEqual(
                app.clientSecret().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeBasic(String encoded) throws OAuthError {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient(BASIC, "Malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw invalidClient(BASIC, "Malformed Basic credentials");
        }
        return new String[] {
            FormCodec.decodeComponent(decoded.substring(0, colon)),
            FormCodec.decodeComponent(decoded.substring(colon + 1))
        };
    }

    private static OAuthError invalidClient(String method, String description) {
        String challenge = BASIC.equals(method) ? "Basic realm=\"huggingface-standin\"" : null;
        return new OAuthError(401, "invalid_client", description, challenge);
    }
}
