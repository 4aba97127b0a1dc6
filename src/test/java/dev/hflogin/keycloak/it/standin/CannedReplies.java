package dev.hflogin.keycloak.it.standin;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Sends a CannedResponse, sleeping its (bounded) delay first. */
final class CannedReplies {

    private CannedReplies() {
    }

    static void send(StandInExchange exchange, CannedResponse canned) throws IOException {
        exchange.note("canned", "true");
        exchange.fault("canned reply " + canned.status()
                + (canned.delay().isZero() ? "" : " after " + canned.delay().toMillis() + " ms"));
        sleep(canned.delay());
        exchange.respond(canned.status(), canned.contentType(), canned.body(), Map.of());
    }

    /** Holds the answer for {@code delay} (a canned reply's, or a held refresh). */
    static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
