package dev.hflogin.keycloak.it.standin;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A validated GET /oauth/authorize request, checked the way HF checks it. */
record AuthorizationRequest(
        OAuthApp app,
        String redirectUri,
        Set<String> scopes,
        String state,
        String nonce,
        String codeChallenge,
        Set<String> orgIds) {

    /** An S256 challenge is a base64url SHA-256: 43 characters. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    static AuthorizationRequest parse(Map<String, String> params, Function<String, OAuthApp> apps)
            throws AuthorizeRejection {
        String clientId = params.get("client_id");
        OAuthApp app = clientId == null ? null : apps.apply(clientId);
        if (app == null) {
            throw AuthorizeRejection.onPage("Unknown client_id: " + clientId);
        }
        String redirectUri = params.get("redirect_uri");
        if (!app.allowsRedirectUri(redirectUri)) {
            throw AuthorizeRejection.onPage("redirect_uri " + redirectUri
                    + " is not registered for the OAuth app " + clientId);
        }
        String state = params.get("state");
        if (!"code".equals(params.get("response_type"))) {
            throw AuthorizeRejection.redirected("unsupported_response_type",
                    "Only response_type=code is supported", redirectUri, state);
        }
        String responseMode = params.get("response_mode");
        if (responseMode != null && !"query".equals(responseMode)) {
            throw AuthorizeRejection.redirected("invalid_request",
                    "Only response_mode=query is supported", redirectUri, state);
        }
        if (state == null || state.isEmpty()) {
            throw AuthorizeRejection.redirected("invalid_request", "Missing state parameter", redirectUri, null);
        }
        Set<String> scopes = grantedScopes(app, params.get("scope"), redirectUri, state);
        String challenge = checkedChallenge(app, params, redirectUri, state);
        return new AuthorizationRequest(app, redirectUri, scopes, state, params.get("nonce"), challenge,
                orgIds(params.get("orgIds")));
    }

    /** No scope parameter means the app's enabled scopes; otherwise all must be enabled. */
    private static Set<String> grantedScopes(OAuthApp app, String scopeParam, String redirectUri, String state)
            throws AuthorizeRejection {
        if (scopeParam == null || scopeParam.isBlank()) {
            return app.scopes();
        }
        Set<String> requested = Scopes.parse(scopeParam);
        Set<String> notEnabled = requested.stream()
                .filter(scope -> !app.scopes().contains(scope))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!notEnabled.isEmpty()) {
            throw AuthorizeRejection.redirected("invalid_scope",
                    "Invalid scope: " + String.join(", ", notEnabled) + " is not enabled on this OAuth app"
                            + " (enabled scopes: " + Scopes.join(app.scopes()) + ")",
                    redirectUri, state);
        }
        return requested;
    }

    private static String checkedChallenge(OAuthApp app, Map<String, String> params, String redirectUri,
            String state) throws AuthorizeRejection {
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge == null) {
            if (app.isPublic()) {
                throw AuthorizeRejection.redirected("invalid_request",
                        "PKCE (code_challenge with S256) is required for public apps", redirectUri, state);
            }
            if (method != null) {
                throw AuthorizeRejection.redirected("invalid_request",
                        "code_challenge_method without code_challenge", redirectUri, state);
            }
            return null;
        }
        if (!"S256".equals(method)) {
            throw AuthorizeRejection.redirected("invalid_request",
                    "Only code_challenge_method=S256 is supported, got " + method, redirectUri, state);
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw AuthorizeRejection.redirected("invalid_request",
                    "Malformed code_challenge", redirectUri, state);
        }
        return challenge;
    }

    private static Set<String> orgIds(String param) {
        if (param == null || param.isBlank()) {
            return Collections.emptySet();
        }
        return Arrays.stream(param.split(","))
                .map(String::trim)
                .filter(id -> !id.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
