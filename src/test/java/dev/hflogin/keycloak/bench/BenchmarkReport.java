package dev.hflogin.keycloak.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's figures: printed, and written as JSON, CSV and a PNG chart. */
record BenchmarkReport(Map<String, LatencyStats> latencies, Map<String, Map<String, Double>> callsPerLogin,
                       long jarBytes, int clients, int hfJwksFetches, int oidcJwksFetches) {

    void print() {
        System.out.println();
        System.out.println("BENCHMARK: Hugging Face provider vs Keycloak's generic OIDC broker, same stand-in upstream, "
                + clients + " concurrent clients");
        System.out.printf("%-34s %7s %10s %8s %8s %8s%n", "provider, phase", "logins", "logins/s", "p50 ms", "p95 ms", "p99 ms");
        latencies.forEach((name, stats) -> System.out.printf("%-34s %7d %10.1f %8.0f %8.0f %8.0f%n", name, stats.count(),
                stats.loginsPerSecond(), stats.percentileMillis(50), stats.percentileMillis(95), stats.percentileMillis(99)));
        for (String phase : List.of("first login", "returning login")) {
            double noise = ratioNoise(phase);
            System.out.printf("throughput ratio HF / generic, %s: %.2f +/- %.2f (two standard errors); >= 1.0 within noise: %s%n",
                    phase, ratio(phase), noise, ratio(phase) + noise >= 1.0 ? "yes" : "NO");
        }
        callsPerLogin.forEach((provider, calls) -> System.out.println("upstream requests per login, " + provider + ": " + calls));
        System.out.println("JWKS fetches in the run: huggingface " + hfJwksFetches + ", oidc " + oidcJwksFetches);
        System.out.printf("provider JAR: %d bytes (%.1f KB)%n", jarBytes, jarBytes / 1024.0);
        System.out.println();
    }

    double ratio(String phase) {
        double generic = latencies.get("oidc, " + phase).loginsPerSecond();
        return generic == 0 ? 0 : latencies.get("huggingface, " + phase).loginsPerSecond() / generic;
    }

    /** Two standard errors of the ratio, from the spread of the per-block throughputs of both providers. */
    double ratioNoise(String phase) {
        double hf = latencies.get("huggingface, " + phase).relativeStandardError();
        double generic = latencies.get("oidc, " + phase).relativeStandardError();
        return 2 * ratio(phase) * Math.sqrt(hf * hf + generic * generic);
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
                    "p99Millis", stats.percentileMillis(99))));
            json.put("clients", clients);
            json.put("latency", series);
            json.put("throughputRatioFirstLogin", ratio("first login"));
            json.put("throughputRatioFirstLoginNoise", ratioNoise("first login"));
            json.put("throughputRatioReturningLogin", ratio("returning login"));
            json.put("throughputRatioReturningLoginNoise", ratioNoise("returning login"));
            json.put("upstreamRequestsPerLogin", callsPerLogin);
            json.put("jwksFetches", Map.of("huggingface", hfJwksFetches, "oidc", oidcJwksFetches));
            json.put("jarBytes", jarBytes);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("benchmark.json").toFile(), json);

            StringBuilder csv = new StringBuilder("series,latency_ms\n");
            latencies.forEach((name, stats) -> stats.sorted()
                    .forEach(micros -> csv.append('"').append(name).append("\",").append(micros / 1000.0).append('\n')));
            Files.writeString(dir.resolve("latencies.csv"), csv);
            LatencyChart.write("Brokered login latency: Hugging Face provider vs generic OIDC (cumulative)",
                    latencies, dir.resolve("latency.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
