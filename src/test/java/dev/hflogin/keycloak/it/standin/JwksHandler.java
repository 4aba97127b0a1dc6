package dev.hflogin.keycloak.it.standin;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** GET /oauth/jwks: the published public signing keys, unless a canned reply is waiting. */
final class JwksHandler extends StandInHandler {

    private final SigningKeys keys;
    private final StandInBehaviour behaviour;

    JwksHandler(RequestLog log, SigningKeys keys, StandInBehaviour behaviour) {
        super(log, DiscoveryHandler.JWKS_PATH, Set.of("GET"));
        this.keys = keys;
        this.behaviour = behaviour;
    }

    @Override
    void handle(StandInExchange exchange) throws IOException {
        Optional<CannedResponse> canned = behaviour.takeJwksResponse();
        if (canned.isPresent()) {
            CannedReplies.send(exchange, canned.get());
            return;
        }
        exchange.respond(200, "application/json", keys.publicJwks(), Map.of());
    }
}
