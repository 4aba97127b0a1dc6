package dev.hflogin.keycloak.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one provider's logins in one phase, the wall time they took, and the logins that failed. */
final class LatencyStats {

    private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private long wallNanos;
    private final List<Double> blockRates = new ArrayList<>();
    private long keycloakCpuNanos;
    private final List<Double> blockCpuMillisPerLogin = new ArrayList<>();

    void add(Duration latency) {
        micros.add(latency.toNanos() / 1000);
    }

    /** A login that did not get back to the app: not a latency, a failure of the run. */
    void addFailure(String failure) {
        failures.add(failure);
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** One block's wall time; its logins/s is kept to estimate the run's noise. */
    void addBlock(int logins, Duration wall) {
        wallNanos += wall.toNanos();
        blockRates.add(logins / (wall.toNanos() / 1e9));
    }

    /** The same, with the CPU time the Keycloak server used during the block. */
    void addBlock(int logins, Duration wall, Duration keycloakCpu) {
        addBlock(logins, wall);
        keycloakCpuNanos += keycloakCpu.toNanos();
        blockCpuMillisPerLogin.add(keycloakCpu.toNanos() / 1e6 / logins);
    }

    /** Relative standard error of the mean block throughput (0.05 = 5 %). */
    double relativeStandardError() {
        return relativeStandardError(blockRates);
    }

    /** Relative standard error of a sample's mean; 0 for fewer than two values. */
    static double relativeStandardError(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return 0;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double variance = values.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / (n - 1);
        return mean == 0 ? 0 : Math.sqrt(variance / n) / mean;
    }

    /** Logins/s of each block, in the order they ran. */
    List<Double> blockRates() {
        return List.copyOf(blockRates);
    }

    /** Keycloak CPU milliseconds per login of each block, in the order they ran; empty when not measured. */
    List<Double> blockCpuMillisPerLogin() {
        return List.copyOf(blockCpuMillisPerLogin);
    }

    /** Keycloak CPU milliseconds per login over all blocks; 0 when not measured. */
    double keycloakCpuMillisPerLogin() {
        return blockCpuMillisPerLogin.isEmpty() || count() == 0 ? 0 : keycloakCpuNanos / 1e6 / count();
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
