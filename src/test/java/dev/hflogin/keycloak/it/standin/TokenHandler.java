package dev.hflogin.keycloak.it.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** POST /oauth/token: authorization_code and (rotating) refresh_token grants. */
final class TokenHandler extends StandInHandler {

    static final String PATH = "/oauth/token";

    private final ClientAuthenticator clients;
    private final TokenStore tokens;
    private final UserDirectory users;
    private final IdTokenIssuer idTokens;
    private final StandInBehaviour behaviour;

    TokenHandler(RequestLog log, ClientAuthenticator clients, TokenStore tokens, UserDirectory users,
            IdTokenIssuer idTokens, StandInBehaviour behaviour) {
        super(log, PATH, Set.of("POST"));
        this.clients = clients;
        this.tokens = tokens;
        this.users = users;
        this.idTokens = idTokens;
        this.behaviour = behaviour;
    }

    @Override
    void handle(StandInExchange exchange) throws IOException, OAuthError {
        Optional<CannedResponse> canned = behaviour.takeTokenResponse();
        if (canned.isPresent()) {
            CannedReplies.send(exchange, canned.get());
            return;
        }
        String contentType = Optional.ofNullable(exchange.header("Content-Type")).orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw OAuthError.invalidRequest("The token request must be application/x-www-form-urlencoded");
        }
        String grantType = exchange.form().get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("Missing grant_type");
        }
        ClientAuthenticator.AuthenticatedClient client = clients.authenticate(exchange);
        Grant grant;
        switch (grantType) {
            case "authorization_code" -> grant = redeemCode(exchange, client.app());
            case "refresh_token" -> {
                Optional<Grant> alive = redeemRefreshToken(exchange, client.app());
                if (alive.isEmpty()) {
                    answerDeadGrant(exchange);
                    return;
                }
                grant = alive.get();
            }
            default -> throw new OAuthError(400, "unsupported_grant_type", "Unsupported grant_type " + grantType);
        }
        exchange.json(200, tokenResponse(exchange, grant), Map.of("Pragma", "no-cache"));
    }

    /** A dead refresh token, answered in the shape the test chose ({@link DeadGrantAnswer}). */
    private void answerDeadGrant(StandInExchange exchange) throws IOException, OAuthError {
        DeadGrantAnswer answer = behaviour.deadGrantAnswer();
        exchange.note("dead_grant", answer.name());
        switch (answer) {
            case INVALID_CLIENT -> throw new OAuthError(401, "invalid_client", "Invalid refresh token");
            case HTML_PAGE -> exchange.html(400, HtmlPages.error("Invalid refresh token. Sign in again."));
            default -> throw OAuthError.invalidGrant("Invalid, expired or already used refresh token");
        }
    }

    private Grant redeemCode(StandInExchange exchange, OAuthApp app) throws OAuthError {
        TokenStore.AuthorizationCode code = tokens.consumeCode(exchange.form().get("code"))
                .orElseThrow(() -> OAuthError.invalidGrant("Invalid, expired or already used authorization code"));
        if (!code.grant().clientId().equals(app.clientId())) {
            throw OAuthError.invalidGrant("The authorization code was issued to another client");
        }
        if (!code.redirectUri().equals(exchange.form().get("redirect_uri"))) {
            throw OAuthError.invalidGrant("redirect_uri does not match the authorization request");
        }
        checkPkce(exchange, code.codeChallenge());
        return code.grant();
    }

    private static void checkPkce(StandInExchange exchange, String challenge) throws OAuthError {
        if (challenge == null) {
            exchange.note("pkce", "not_used");
            return;
        }
        if (!Pkce.matches(challenge, exchange.form().get("code_verifier"))) {
            exchange.note("pkce", "mismatch");
            throw OAuthError.invalidGrant("PKCE verification failed: code_verifier does not match code_challenge");
        }
        exchange.note("pkce", "verified");
    }

    /** Empty when the refresh token is dead. Held first when the test asks ({@link StandInBehaviour#refreshDelay}). */
    private Optional<Grant> redeemRefreshToken(StandInExchange exchange, OAuthApp app) {
        CannedReplies.sleep(behaviour.refreshDelay());
        // Rotation: the presented token dies here whether or not what follows succeeds.
        return tokens.consumeRefreshToken(exchange.form().get("refresh_token"), app.clientId())
                .map(Grant::withoutNonce);
    }


    private ObjectNode tokenResponse(StandInExchange exchange, Grant grant) throws OAuthError {
        exchange.note(RecordedRequest.USER_NOTE, grant.userSub());
        HfUser user = users.bySub(grant.userSub())
                .orElseThrow(() -> OAuthError.invalidGrant("The user no longer exists"));
        TokenStore.IssuedTokens issued = tokens.issueTokens(grant, behaviour.accessTokenLifetime(), behaviour.issueRefreshTokens());
        ObjectNode body = Json.object();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", behaviour.accessTokenLifetime().toSeconds());
        if (issued.refreshToken() != null) {
            body.put("refresh_token", issued.refreshToken());
        } else {
            exchange.note("refresh_token", "none");
        }
        if (grant.has(Scopes.OPENID)) {
            body.put("id_token", idTokens.issue(user, grant, exchange));
            user.hostileClaims().ifPresent(exchange::fault);
        }
        if (behaviour.reportGrantedScope()) {
            body.put("scope", Scopes.join(grant.scopes()));
        } else {
            exchange.fault("token response without scope");
        }
        return body;
    }
}
