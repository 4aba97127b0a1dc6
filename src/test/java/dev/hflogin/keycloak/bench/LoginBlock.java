package dev.hflogin.keycloak.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One block of concurrent logins for the benchmarks: each login's time goes into the stats, and a login that
 * fails or does not finish within the block's time is recorded as a failure, named by {@code label}.
 */
final class LoginBlock {

    private LoginBlock() {
    }

    /** @return the block's wall time */
    static Duration run(List<String> handles, int clients, Duration timeout, Function<String, Duration> signIn,
                        UnaryOperator<String> label, LatencyStats stats) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long begin = System.nanoTime();
            List<Callable<Duration>> logins = handles.stream()
                    .map(handle -> (Callable<Duration>) () -> signIn.apply(handle))
                    .toList();
            List<Future<Duration>> results = pool.invokeAll(logins, timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < results.size(); i++) {
                try {
                    stats.add(results.get(i).get());
                } catch (CancellationException e) {
                    stats.addFailure(label.apply(handles.get(i)) + ": not finished within " + timeout);
                } catch (ExecutionException e) {
                    stats.addFailure(label.apply(handles.get(i)) + ": " + e.getCause());
                }
            }
            return Duration.ofNanos(System.nanoTime() - begin);
        } finally {
            pool.shutdownNow();
        }
    }
}
