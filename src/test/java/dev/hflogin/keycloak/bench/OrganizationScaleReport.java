package dev.hflogin.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The organization benchmark's figures ({@link OrganizationScaleBenchmarkIT}): printed, and written to
 * target/benchmark/organizations.json and organizations-table.md. Each row sits next to the 1-org figure of
 * the same phase: "cost ×" is this row's p50 over the 1-org p50, and the 1-org throughput over this row's.
 *
 * @param latencies  per series "N orgs, phase"
 * @param orgCounts  the organizations per user, the first being the one the others are compared with
 * @param realmSize  what the realm held after the run (users, groups under the parent, organizations)
 * @param warmUpUsers users in no organization who each signed in twice before the series' creating logins
 * @param creating   per org count, the series' first login, alone, which created its groups and organizations
 * @param creatingWarm first logins that each created 100 new groups and organizations, one at a time, after the phases
 */
record OrganizationScaleReport(Map<String, LatencyStats> latencies, List<Integer> orgCounts, int clients,
                               Map<String, Integer> realmSize, int warmUpUsers, Map<Integer, Duration> creating,
                               List<Duration> creatingWarm) {

    /** Issue O2's targets: a first login joining 100 existing, one creating 100, a returning one over one in 1 org. */
    static final long JOIN_TARGET_MILLIS = 1_500;
    static final long CREATE_TARGET_MILLIS = 4_000;
    static final double RETURNING_TARGET_RATIO = 1.5;

    static final String TABLE_HEADER = "| orgs per user | phase | logins | failed | logins/s | p50 ms | p95 ms "
            + "| cost × 1 org (p50) | cost × 1 org (logins/s) |";
    /**
     * "returning login" comes right after the first logins, whose membership cache warm-ups overlapped other users'
     * sign-ins and kept nothing (MembershipCacheWarmUp): it finds the cache cold. "returning login again" comes after
     * the returning logins' warm-ups finished: the cache warm, as for a user who signs in again later.
     */
    static final List<String> PHASES = List.of("first login", "returning login", "returning login again");

    static String series(int orgs, String phase) {
        return orgs + (orgs == 1 ? " org, " : " orgs, ") + phase;
    }

    void print() {
        System.out.println();
        System.out.println("BENCHMARK: Hugging Face login cost by organizations per user, group and organization member "
                + "mappers on (FORCE), " + (clients == 1 ? "one sign-in at a time" : clients + " concurrent clients"));
        System.out.print(markdown());
        System.out.println();
    }

    String markdown() {
        StringBuilder md = new StringBuilder(TABLE_HEADER).append('\n').append("|---|---|---|---|---|---|---|---|---|\n");
        for (String phase : PHASES) {
            for (int orgs : orgCounts) {
                LatencyStats stats = latencies.get(series(orgs, phase));
                if (stats == null) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.1f | %.0f | %.0f | %.2f | %.2f ± %.2f |\n",
                        orgs, phase, stats.count(), stats.failures().size(), stats.loginsPerSecond(),
                        stats.percentileMillis(50), stats.percentileMillis(95),
                        latencyCost(orgs, phase), throughputCost(orgs, phase), throughputCostNoise(orgs, phase)));
            }
        }
        md.append('\n');
        int most = orgCounts.get(orgCounts.size() - 1);
        for (String phase : PHASES) {
            if (latencies.get(series(most, phase)) == null) {
                continue;
            }
            double cost = throughputCost(most, phase);
            md.append(String.format(Locale.ROOT, "- %d orgs vs 1 org, %s: %.2f × the p50, %.2f ± %.2f × the time per login "
                            + "(1-org logins/s over %d-org logins/s, ± two standard errors); under 2×: %s\n",
                    most, phase, latencyCost(most, phase), cost, throughputCostNoise(most, phase), most,
                    cost < 2.0 ? "yes" : "NO"));
        }
        String after = warmUpUsers == 0 ? "the first sign-ins since Keycloak started"
                : "after " + warmUpUsers + " users in no organization signed in twice each";
        creating.forEach((orgs, took) -> md.append(String.format(Locale.ROOT,
                "- The first login of the %d-org series, alone, creating %d groups and %d organizations (%s): %d ms\n",
                orgs, orgs, orgs, after, took.toMillis())));
        if (!creatingWarm.isEmpty()) {
            md.append(String.format(Locale.ROOT, "- First logins each creating 100 new groups and organizations, alone, after the "
                    + "phases above (median %d ms): %s ms\n", creatingWarmMedian().toMillis(),
                    String.join(", ", creatingWarm.stream().map(took -> String.valueOf(took.toMillis())).toList())));
        }
        StringBuilder size = new StringBuilder("- Realm after the run:");
        realmSize.forEach((what, count) -> size.append(String.format(Locale.ROOT, " %,d %s,", count, what)));
        md.append(size, 0, size.length() - 1).append('\n');
        md.append(targets());
        return md.toString();
    }

    /** Each target against this run's figure, with the sign-ins at once it was measured with (the targets are for 1). */
    String targets() {
        int most = orgCounts.get(orgCounts.size() - 1);
        LatencyStats join = latencies.get(series(most, PHASES.get(0)));
        if (most != 100 || join == null) {
            return "";
        }
        String load = clients == 1 ? "one sign-in at a time" : clients + " sign-ins at once (the targets are for one at a time)";
        StringBuilder md = new StringBuilder("\nTargets, ").append(load).append(":\n");
        double joinMillis = join.percentileMillis(50);
        md.append(String.format(Locale.ROOT, "- First login joining 100 existing organizations and groups, p50 %.0f ms, target ≤ %,d ms: %s\n",
                joinMillis, JOIN_TARGET_MILLIS, joinMillis <= JOIN_TARGET_MILLIS ? "met" : "NOT met"));
        if (!creatingWarm.isEmpty()) {
            long createMillis = creatingWarmMedian().toMillis();
            md.append(String.format(Locale.ROOT, "- First login creating 100 organizations and groups, median of %d %,d ms, "
                            + "target ≤ %,d ms: %s\n", creatingWarm.size(), createMillis, CREATE_TARGET_MILLIS,
                    createMillis <= CREATE_TARGET_MILLIS ? "met" : "NOT met"));
        }
        String again = PHASES.get(2);
        if (latencies.get(series(most, again)) != null) {
            double ratio = latencyCost(most, again);
            md.append(String.format(Locale.ROOT, "- Returning login with nothing changed (%s), 100 orgs over 1 org, p50 %.2f×, "
                    + "target ≤ %.1f×: %s\n", again, ratio, RETURNING_TARGET_RATIO, ratio <= RETURNING_TARGET_RATIO ? "met" : "NOT met"));
        }
        return md.toString();
    }

    Duration creatingWarmMedian() {
        List<Duration> sorted = creatingWarm.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** p50 of {@code orgs} over p50 of the first org count, same phase; 0 without figures. */
    double latencyCost(int orgs, String phase) {
        LatencyStats base = latencies.get(series(orgCounts.get(0), phase));
        LatencyStats stats = latencies.get(series(orgs, phase));
        return base == null || stats == null || base.percentileMillis(50) == 0 ? 0
                : stats.percentileMillis(50) / base.percentileMillis(50);
    }

    /** Throughput of the first org count over that of {@code orgs}: how many times longer a login takes. */
    double throughputCost(int orgs, String phase) {
        LatencyStats base = latencies.get(series(orgCounts.get(0), phase));
        LatencyStats stats = latencies.get(series(orgs, phase));
        return base == null || stats == null || stats.loginsPerSecond() == 0 ? 0
                : base.loginsPerSecond() / stats.loginsPerSecond();
    }

    /** Two standard errors of {@link #throughputCost}, from the spread of both series' per-block throughputs. */
    double throughputCostNoise(int orgs, String phase) {
        double cost = throughputCost(orgs, phase);
        if (cost == 0) {
            return 0;
        }
        double base = latencies.get(series(orgCounts.get(0), phase)).relativeStandardError();
        double stats = latencies.get(series(orgs, phase)).relativeStandardError();
        return 2 * cost * Math.sqrt(base * base + stats * stats);
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> json = new LinkedHashMap<>();
            Map<String, Object> series = new LinkedHashMap<>();
            latencies.forEach((name, stats) -> series.put(name, Map.of(
                    "logins", stats.count(),
                    "failed", stats.failures().size(),
                    "loginsPerSecond", stats.loginsPerSecond(),
                    "p50Millis", stats.percentileMillis(50),
                    "p95Millis", stats.percentileMillis(95),
                    "p99Millis", stats.percentileMillis(99))));
            json.put("clients", clients);
            json.put("orgCounts", orgCounts);
            json.put("latency", series);
            json.put("realmSize", realmSize);
            Map<String, Long> created = new LinkedHashMap<>();
            creating.forEach((orgs, took) -> created.put(String.valueOf(orgs), took.toMillis()));
            json.put("warmUpUsers", warmUpUsers);
            json.put("creatingFirstLoginMillis", created);
            json.put("creating100WarmMillis", creatingWarm.stream().map(Duration::toMillis).toList());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("organizations.json").toFile(), json);
            Files.writeString(dir.resolve("organizations-table.md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
