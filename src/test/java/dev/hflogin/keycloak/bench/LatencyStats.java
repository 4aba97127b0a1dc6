package dev.hflogin.keycloak.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one provider's logins in one phase, and the wall time the logins took. */
final class LatencyStats {

    private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    private long wallNanos;

    void add(Duration latency) {
        micros.add(latency.toNanos() / 1000);
    }

    void addWall(Duration wall) {
        wallNanos += wall.toNanos();
    }

    int count() {
        return micros.size();
    }

    double loginsPerSecond() {
        return wallNanos == 0 ? 0 : count() / (wallNanos / 1e9);
    }

    /** Nearest-rank percentile in milliseconds. */
    double percentileMillis(double percentile) {
        List<Long> sorted = sorted();
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1000.0;
    }

    List<Long> sorted() {
        List<Long> copy;
        synchronized (micros) {
            copy = new ArrayList<>(micros);
        }
        Collections.sort(copy);
        return copy;
    }
}
