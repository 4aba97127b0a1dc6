package dev.hflogin.keycloak.it.standin;

import java.time.Duration;
import java.util.Objects;

/**
 * A fixed reply the stand-in sends once instead of the real one, e.g. a 500, HTML where
 * JSON is expected, or a slow answer. The delay is capped so a test cannot hang the server.
 */
public record CannedResponse(int status, String contentType, String body, Duration delay) {

    public static final Duration MAX_DELAY = Duration.ofSeconds(30);

    public CannedResponse {
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? "" : body;
        delay = delay == null ? Duration.ZERO : delay;
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("bad HTTP status " + status);
        }
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be between 0 and " + MAX_DELAY);
        }
    }

    public static CannedResponse json(int status, String body) {
        return new CannedResponse(status, "application/json", body, Duration.ZERO);
    }

    public static CannedResponse of(int status, String contentType, String body) {
        return new CannedResponse(status, contentType, body, Duration.ZERO);
    }

    public CannedResponse after(Duration newDelay) {
        return new CannedResponse(status, contentType, body, newDelay);
    }
}
