package dev.hflogin.keycloak.it.standin;

import java.io.IOException;
import java.util.Set;
import java.util.function.Function;

/** GET /oauth/authorize: validates the request, then shows the sign-in + consent page. */
final class AuthorizeHandler extends StandInHandler {

    static final String PATH = "/oauth/authorize";

    private final Function<String, OAuthApp> apps;
    private final PendingAuthorizations pending;
    private final UserDirectory users;
    private final StandInBehaviour behaviour;

    AuthorizeHandler(RequestLog log, Function<String, OAuthApp> apps, PendingAuthorizations pending,
            UserDirectory users, StandInBehaviour behaviour) {
        super(log, PATH, Set.of("GET"));
        this.apps = apps;
        this.pending = pending;
        this.users = users;
        this.behaviour = behaviour;
    }

    @Override
    void handle(StandInExchange exchange) throws IOException {
        AuthorizationRequest request;
        try {
            request = AuthorizationRequest.parse(exchange.query(), apps);
        } catch (AuthorizeRejection rejection) {
            exchange.note("rejected", rejection.error());
            if (rejection.redirectable() && !behaviour.authorizeErrorsOnPage()) {
                exchange.redirect(rejection.location());
            } else {
                if (rejection.redirectable()) {
                    exchange.fault("authorize error shown on the stand-in's page, no redirect back");
                }
                exchange.html(400, HtmlPages.error(rejection.description()));
            }
            return;
        }
        String requestId = pending.add(request);
        exchange.html(200, HtmlPages.consent(requestId, request, users.defaultHandle(), null));
    }
}
