package dev.hflogin.keycloak.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A batch of sign-ins by a fixed number of concurrent clients, bounded in time: whatever has not
 * finished by the limit is cancelled and counted as an error.
 *
 * @param times  how long each successful sign-in took
 * @param errors one line per failed or unfinished sign-in
 */
public record LoadRound(int clients, Duration wall, List<Duration> times, List<String> errors) {

    public static LoadRound run(HttpLoginFlow flow, String authUrl, List<String> handles, int clients, Duration limit)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Duration>> logins = handles.stream()
                    .map(handle -> (Callable<Duration>) () -> flow.signIn(authUrl, handle).elapsed())
                    .toList();
            long started = System.nanoTime();
            List<Future<Duration>> results = pool.invokeAll(logins, limit.toMillis(), TimeUnit.MILLISECONDS);
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            List<Duration> times = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                try {
                    times.add(results.get(i).get());
                } catch (CancellationException e) {
                    errors.add(handles.get(i) + ": not finished within " + limit);
                } catch (ExecutionException e) {
                    errors.add(handles.get(i) + ": " + e.getCause());
                }
            }
            return new LoadRound(clients, wall, List.copyOf(times), List.copyOf(errors));
        } finally {
            pool.shutdownNow();
        }
    }

    public double loginsPerSecond() {
        return times.size() / (wall.toNanos() / 1e9);
    }

    /** 95th percentile (nearest rank) of the successful sign-ins. */
    public Duration p95() {
        if (times.isEmpty()) {
            return Duration.ZERO;
        }
        List<Duration> sorted = times.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    /** e.g. {@code LOAD: 200 logins, 8 clients, 12.3 logins/s, p95 850 ms} */
    public String summary(String label) {
        return String.format(Locale.ROOT, "%s: %d logins, %d clients, %.1f logins/s, p95 %d ms",
                label, times.size(), clients, loginsPerSecond(), p95().toMillis());
    }
}
