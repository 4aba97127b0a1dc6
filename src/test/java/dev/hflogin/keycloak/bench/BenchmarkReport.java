package dev.hflogin.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's figures: printed, and written as JSON, CSV, a PNG chart and README-table.md, the
 * markdown the README shows between its {@code <!-- bench:start -->} and {@code <!-- bench:end -->}
 * markers (see {@link BenchmarkReadme}).
 *
 * @param usersCreated per series, how many users the realm gained through that provider in that phase
 */
record BenchmarkReport(Map<String, LatencyStats> latencies, Map<String, Integer> usersCreated,
                       Map<String, Map<String, Double>> callsPerLogin,
                       long jarBytes, int clients, int hfJwksFetches, int oidcJwksFetches) {

    static final String TABLE_HEADER =
            "| provider, phase | logins | failed | users created | logins/s | p50 ms | p95 ms | p99 ms | Keycloak CPU ms/login |";

    void print() {
        System.out.println();
        System.out.println("BENCHMARK: Hugging Face provider vs Keycloak's generic OIDC broker, same stand-in upstream, "
                + clients + " concurrent clients");
        System.out.print(markdown());
        System.out.println();
    }

    /** The table and the lines under it, as the README shows them. */
    String markdown() {
        StringBuilder md = new StringBuilder(TABLE_HEADER).append('\n').append("|---|---|---|---|---|---|---|---|---|\n");
        latencies.forEach((name, stats) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.0f | %.0f | %.0f | %s |\n",
                name, stats.count(), stats.failures().size(), usersCreated.getOrDefault(name, 0), stats.loginsPerSecond(),
                stats.percentileMillis(50), stats.percentileMillis(95), stats.percentileMillis(99),
                stats.keycloakCpuMillisPerLogin() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", stats.keycloakCpuMillisPerLogin()))));
        md.append('\n');
        for (String phase : List.of("first login", "returning login")) {
            double noise = ratioNoise(phase);
            md.append(String.format(Locale.ROOT, "- Throughput ratio HF / generic, %s: %.2f ± %.2f; ≥ 1.0 within the run's noise: %s\n",
                    phase, ratio(phase), noise, ratio(phase) + noise >= 1.0 ? "yes" : "NO"));
        }
        for (String phase : List.of("first login", "returning login")) {
            if (cpuRatio(phase) > 0) {
                double noise = cpuRatioNoise(phase);
                md.append(String.format(Locale.ROOT, "- Keycloak CPU per login HF / generic, %s: %.2f ± %.2f; ≤ 1.0 within the run's "
                        + "noise: %s\n", phase, cpuRatio(phase), noise, cpuRatio(phase) - noise <= 1.0 ? "yes" : "NO"));
            }
        }
        md.append("- ± is two standard errors of the per-round ratios (each round's HF block over the generic block run "
                + "next to it)\n");
        callsPerLogin.forEach((provider, calls) -> {
            StringBuilder line = new StringBuilder("- Upstream requests per login, " + provider + ":");
            calls.forEach((endpoint, perLogin) -> line.append(String.format(Locale.ROOT, " %s %.2f,",
                    endpoint.substring(endpoint.lastIndexOf('/') + 1), perLogin)));
            md.append(line, 0, line.length() - 1).append('\n');
        });
        md.append(String.format(Locale.ROOT, "- JWKS fetches in the run: huggingface %d, oidc %d\n", hfJwksFetches, oidcJwksFetches));
        md.append(String.format(Locale.ROOT, "- Provider JAR: %,d bytes (%.1f KB)\n", jarBytes, jarBytes / 1024.0));
        return md.toString();
    }

    /** 0 when a phase has no figures (a run stopped by a failed login). */
    double ratio(String phase) {
        LatencyStats hf = latencies.get("huggingface, " + phase);
        LatencyStats generic = latencies.get("oidc, " + phase);
        if (hf == null || generic == null || generic.loginsPerSecond() == 0) {
            return 0;
        }
        return hf.loginsPerSecond() / generic.loginsPerSecond();
    }

    /** Two standard errors of the per-round throughput ratios. */
    double ratioNoise(String phase) {
        return ratio(phase) == 0 ? 0 : pairedNoise(latencies.get("huggingface, " + phase).blockRates(),
                latencies.get("oidc, " + phase).blockRates());
    }

    /** Keycloak CPU per login, HF over generic; 0 when not measured. */
    double cpuRatio(String phase) {
        LatencyStats hf = latencies.get("huggingface, " + phase);
        LatencyStats generic = latencies.get("oidc, " + phase);
        if (hf == null || generic == null || generic.keycloakCpuMillisPerLogin() == 0) {
            return 0;
        }
        return hf.keycloakCpuMillisPerLogin() / generic.keycloakCpuMillisPerLogin();
    }

    /** Two standard errors of the per-round CPU-per-login ratios. */
    double cpuRatioNoise(String phase) {
        return cpuRatio(phase) == 0 ? 0 : pairedNoise(latencies.get("huggingface, " + phase).blockCpuMillisPerLogin(),
                latencies.get("oidc, " + phase).blockCpuMillisPerLogin());
    }

    /**
     * Two standard errors of the mean of hf[i] / generic[i]: blocks of the same round ran next to each other
     * under the same load, so their ratio cancels most of what the machine's other work does to both.
     */
    static double pairedNoise(List<Double> hf, List<Double> generic) {
        int rounds = Math.min(hf.size(), generic.size());
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            if (generic.get(i) > 0) {
                ratios.add(hf.get(i) / generic.get(i));
            }
        }
        double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return 2 * mean * LatencyStats.relativeStandardError(ratios);
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> json = new LinkedHashMap<>();
            Map<String, Object> series = new LinkedHashMap<>();
            latencies.forEach((name, stats) -> series.put(name, Map.of(
                    "logins", stats.count(),
                    "loginsPerSecond", stats.loginsPerSecond(),
                    "p50Millis", stats.percentileMillis(50),
                    "p95Millis", stats.percentileMillis(95),
                    "p99Millis", stats.percentileMillis(99),
                    "keycloakCpuMillisPerLogin", stats.keycloakCpuMillisPerLogin(),
                    "blockLoginsPerSecond", stats.blockRates(),
                    "blockKeycloakCpuMillisPerLogin", stats.blockCpuMillisPerLogin())));
            json.put("clients", clients);
            json.put("usersCreated", usersCreated);
            Map<String, Object> failures = new LinkedHashMap<>();
            latencies.forEach((name, stats) -> failures.put(name, stats.failures()));
            json.put("failedLogins", failures);
            json.put("latency", series);
            json.put("throughputRatioFirstLogin", ratio("first login"));
            json.put("throughputRatioFirstLoginNoise", ratioNoise("first login"));
            json.put("throughputRatioReturningLogin", ratio("returning login"));
            json.put("throughputRatioReturningLoginNoise", ratioNoise("returning login"));
            json.put("keycloakCpuRatioFirstLogin", cpuRatio("first login"));
            json.put("keycloakCpuRatioFirstLoginNoise", cpuRatioNoise("first login"));
            json.put("keycloakCpuRatioReturningLogin", cpuRatio("returning login"));
            json.put("keycloakCpuRatioReturningLoginNoise", cpuRatioNoise("returning login"));
            json.put("upstreamRequestsPerLogin", callsPerLogin);
            json.put("jwksFetches", Map.of("huggingface", hfJwksFetches, "oidc", oidcJwksFetches));
            json.put("jarBytes", jarBytes);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("benchmark.json").toFile(), json);

            StringBuilder csv = new StringBuilder("series,latency_ms\n");
            latencies.forEach((name, stats) -> stats.sorted()
                    .forEach(micros -> csv.append('"').append(name).append("\",").append(micros / 1000.0).append('\n')));
            Files.writeString(dir.resolve("latencies.csv"), csv);
            Files.writeString(dir.resolve("README-table.md"), markdown());
            LatencyChart.write("Brokered login latency: Hugging Face provider vs generic OIDC (cumulative)",
                    latencies, dir.resolve("latency.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
