package dev.hflogin.keycloak.it.standin;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** POST from the consent form: Allow issues a code, Deny returns access_denied. */
final class DecisionHandler extends StandInHandler {

    private final PendingAuthorizations pending;
    private final UserDirectory users;
    private final TokenStore tokens;
    private final StandInBehaviour behaviour;

    DecisionHandler(RequestLog log, PendingAuthorizations pending, UserDirectory users, TokenStore tokens,
            StandInBehaviour behaviour) {
        super(log, HtmlPages.DECISION_PATH, Set.of("POST"));
        this.pending = pending;
        this.users = users;
        this.tokens = tokens;
        this.behaviour = behaviour;
    }

    @Override
    void handle(StandInExchange exchange) throws IOException {
        String requestId = exchange.form().get("request_id");
        Optional<AuthorizationRequest> waiting = pending.get(requestId);
        if (waiting.isEmpty()) {
            exchange.html(400, HtmlPages.error("This sign-in request is unknown, used or expired. Start again from the application."));
            return;
        }
        AuthorizationRequest request = waiting.get();
        if ("deny".equals(exchange.form().get("decision"))) {
            pending.take(requestId);
            exchange.note("decision", "deny");
            Map<String, String> denied = new LinkedHashMap<>();
            denied.put("error", "access_denied");
            denied.put("error_description", "The user denied the authorization request");
            exchange.redirect(back(request, denied));
            return;
        }
        String username = exchange.form().getOrDefault("username", "");
        Optional<HfUser> user = users.byHandle(username);
        if (user.isEmpty()) {
            exchange.html(200, HtmlPages.consent(requestId, request, username,
                    "No Hugging Face user named \"" + username + "\" on this stand-in."));
            return;
        }
        if (pending.take(requestId).isEmpty()) {
            exchange.html(400, HtmlPages.error("This sign-in request was already answered."));
            return;
        }
        exchange.note("decision", "allow");
        exchange.note("user_sub", user.get().sub());
        Grant grant = new Grant(request.app().clientId(), user.get().sub(), request.scopes(), request.nonce(),
                user.get().orgsGrantedWhenAsked(request.orgIds()), Instant.now());
        String code = tokens.issueCode(grant, request.redirectUri(), request.codeChallenge(), behaviour.codeLifetime());
        exchange.redirect(back(request, Map.of("code", code)));
    }

    private static String back(AuthorizationRequest request, Map<String, String> result) {
        Map<String, String> params = new LinkedHashMap<>(result);
        params.put("state", request.state());
        return FormCodec.appendQuery(request.redirectUri(), params);
    }
}
