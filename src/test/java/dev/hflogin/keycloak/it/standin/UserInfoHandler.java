package dev.hflogin.keycloak.it.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** GET/POST /oauth/userinfo: claims by granted scope, Bearer header only (RFC 6750 2.1). */
final class UserInfoHandler extends StandInHandler {

    static final String PATH = "/oauth/userinfo";
    private static final String REALM = "Bearer realm=\"huggingface-standin\"";

    private final TokenStore tokens;
    private final UserDirectory users;
    private final StandInBehaviour behaviour;

    UserInfoHandler(RequestLog log, TokenStore tokens, UserDirectory users, StandInBehaviour behaviour) {
        super(log, PATH, Set.of("GET", "POST"));
        this.tokens = tokens;
        this.users = users;
        this.behaviour = behaviour;
    }

    @Override
    void handle(StandInExchange exchange) throws IOException, OAuthError {
        behaviour.passUserInfoGate();
        Optional<CannedResponse> canned = behaviour.takeUserInfoResponse();
        if (canned.isPresent()) {
            CannedReplies.send(exchange, canned.get());
            return;
        }
        String accessToken = bearerToken(exchange);
        Grant grant = tokens.grantForAccessToken(accessToken)
                .orElseThrow(() -> invalidToken("The access token is invalid, expired or revoked"));
        exchange.note(RecordedRequest.USER_NOTE, grant.userSub());
        HfUser user = users.bySub(grant.userSub())
                .orElseThrow(() -> invalidToken("The user no longer exists"));
        ObjectNode claims = UserClaims.userInfo(user, grant);
        String subOverride = behaviour.userInfoSubOverride();
        if (subOverride != null) {
            claims.put("sub", subOverride);
            exchange.fault("userinfo sub replaced");
        }
        user.hostileClaims().ifPresent(exchange::fault);
        exchange.json(200, claims);
    }

    private static String bearerToken(StandInExchange exchange) throws OAuthError {
        if (exchange.query().containsKey("access_token") || exchange.form().containsKey("access_token")) {
            throw new OAuthError(401, "invalid_request", "Send the access token in the Authorization header",
                    REALM + ", error=\"invalid_request\"");
        }
        String authorization = exchange.header("Authorization");
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw new OAuthError(401, "invalid_request", "Missing Bearer access token", REALM);
        }
        return authorization.substring(7).trim();
    }

    private static OAuthError invalidToken(String description) {
        return new OAuthError(401, "invalid_token", description, REALM + ", error=\"invalid_token\"");
    }
}
