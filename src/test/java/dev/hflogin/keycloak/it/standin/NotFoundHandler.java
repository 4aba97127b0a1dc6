package dev.hflogin.keycloak.it.standin;

import java.util.Set;

/** Catch-all, so requests to paths HF does not have are answered 404 and still recorded. */
final class NotFoundHandler extends StandInHandler {

    NotFoundHandler(RequestLog log) {
        super(log, null, Set.of());
    }

    @Override
    void handle(StandInExchange exchange) {
        throw new IllegalStateException("never called: the base class answers 404 for a null path");
    }
}
