package dev.hflogin.keycloak.tokens;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One request at a time per user's grant on this node, waiting at most a bound. Requests queue here,
 * in memory, instead of each taking a database connection to queue on the link's row lock: while
 * Hugging Face is slow the connection pool keeps one connection per refreshing user, not one per
 * request. Striped (a fixed array of locks), so memory does not grow with the number of users; two
 * users sharing a stripe only wait for each other's short turn.
 */
final class HubTokenGate {

    private static final int STRIPES = 256;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock(true); // fair: the longest waiter goes first
        }
    }

    private HubTokenGate() {
    }

    /** Runs {@code job} alone for {@code key}; empty when the turn did not come within {@code wait}. */
    static <T> Optional<T> runAlone(String key, Duration wait, Supplier<T> job) {
        ReentrantLock lock = LOCKS[Math.floorMod(key.hashCode(), STRIPES)];
        try {
            if (!lock.tryLock(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(job.get());
        } finally {
            lock.unlock();
        }
    }
}
