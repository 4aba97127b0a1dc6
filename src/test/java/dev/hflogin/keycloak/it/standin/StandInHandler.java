package dev.hflogin.keycloak.it.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Set;

/**
 * Base for the endpoints: exact path and method checks, OAuthError to JSON, and a 500
 * (still recorded, stack trace on stderr) if an endpoint blows up.
 */
abstract class StandInHandler implements HttpHandler {

    private final RequestLog log;
    private final String path;
    private final Set<String> methods;

    StandInHandler(RequestLog log, String path, Set<String> methods) {
        this.log = log;
        this.path = path;
        this.methods = methods;
    }

    /** Whether this endpoint answers the path; HF's paths are exact unless an endpoint says otherwise. */
    boolean handles(String requestPath) {
        return path != null && path.equals(requestPath);
    }

    /** Handles a request that has the right path and method. */
    abstract void handle(StandInExchange exchange) throws IOException, OAuthError;

    @Override
    public final void handle(HttpExchange raw) throws IOException {
        try (raw) {
            StandInExchange exchange = new StandInExchange(raw, log);
            try {
                dispatch(exchange);
            } catch (OAuthError e) {
                exchange.error(e);
            } catch (RuntimeException e) {
                // A bug in the stand-in must show up in the test log, not vanish into HttpServer.
                e.printStackTrace();
                if (!exchange.answered()) {
                    exchange.json(500, Json.error("server_error", "stand-in failure: " + e));
                }
            }
        }
    }

    private void dispatch(StandInExchange exchange) throws IOException, OAuthError {
        // HttpServer matches contexts by prefix; HF's paths are exact.
        if (!handles(exchange.path())) {
            throw new OAuthError(404, "not_found", "no such endpoint on the stand-in: " + exchange.path());
        }
        if (!methods.contains(exchange.method())) {
            throw new OAuthError(405, "invalid_request", exchange.method() + " is not allowed here");
        }
        handle(exchange);
    }
}
