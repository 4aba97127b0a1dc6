package dev.hflogin.keycloak.it.standin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorize requests waiting for the user's Allow/Deny, so the consent form only has to
 * carry an id. Bounded in time and number.
 */
final class PendingAuthorizations {

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 10_000;

    private record Pending(AuthorizationRequest request, Instant expiresAt) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    String add(AuthorizationRequest request) {
        Instant now = Instant.now();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
        if (pending.size() >= MAX_PENDING) {
            throw new IllegalStateException("too many pending sign-ins on the stand-in");
        }
        String id = RandomValues.hex(16);
        pending.put(id, new Pending(request, now.plus(LIFETIME)));
        return id;
    }

    Optional<AuthorizationRequest> get(String id) {
        Pending found = id == null ? null : pending.get(id);
        if (found == null || found.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(found.request());
    }

    /** Removes it, so a double-submitted form cannot mint two codes. */
    Optional<AuthorizationRequest> take(String id) {
        Pending found = id == null ? null : pending.remove(id);
        if (found == null || found.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(found.request());
    }
}
