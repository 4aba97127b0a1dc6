package dev.hflogin.keycloak.it.standin;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds answers until a given number of requests has arrived, then lets them all go at once: sign-ins
 * that a test starts together reach Keycloak's mappers together, so a race is a race and not a queue.
 * Bounded: after {@code max} a request goes on alone.
 */
final class AnswerGate {

    private final CountDownLatch arrivals;
    private final Duration max;

    AnswerGate(int requests, Duration max) {
        this.arrivals = new CountDownLatch(requests);
        this.max = max;
    }

    /** @return whether every expected request had arrived (false: this one waited {@code max} and went on) */
    boolean pass() {
        arrivals.countDown();
        try {
            return arrivals.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
