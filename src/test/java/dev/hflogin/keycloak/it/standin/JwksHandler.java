package dev.hflogin.keycloak.it.standin;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** GET /oauth/jwks: the published public signing keys. */
final class JwksHandler extends StandInHandler {

    private final SigningKeys keys;

    JwksHandler(RequestLog log, SigningKeys keys) {
        super(log, DiscoveryHandler.JWKS_PATH, Set.of("GET"));
        this.keys = keys;
    }

    @Override
    void handle(StandInExchange exchange) throws IOException {
        exchange.respond(200, "application/json", keys.publicJwks(), Map.of());
    }
}
