package dev.hflogin.keycloak.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's markdown, and how it gets into the README: between the markers, verbatim. */
class BenchmarkReportTest {

    private static LatencyStats stats(int logins, long millisEach, int failures, long cpuMillisPerLogin) {
        LatencyStats stats = new LatencyStats();
        for (int i = 0; i < logins; i++) {
            stats.add(Duration.ofMillis(millisEach));
        }
        for (int i = 0; i < failures; i++) {
            stats.addFailure("bench-" + i + ": SignInFailed");
        }
        stats.addBlock(logins / 2, Duration.ofSeconds(1), Duration.ofMillis(cpuMillisPerLogin * (logins / 2)));
        stats.addBlock(logins - logins / 2, Duration.ofSeconds(1), Duration.ofMillis(cpuMillisPerLogin * (logins - logins / 2)));
        return stats;
    }

    private static BenchmarkReport report(int hfFailures) {
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        latencies.put("huggingface, first login", stats(10, 400, hfFailures, 90));
        latencies.put("oidc, first login", stats(10, 380, 0, 100));
        latencies.put("huggingface, returning login", stats(20, 200, 0, 50));
        latencies.put("oidc, returning login", stats(20, 210, 0, 50));
        Map<String, Integer> created = new LinkedHashMap<>();
        latencies.keySet().forEach(name -> created.put(name, name.endsWith("first login") ? 10 : 0));
        Map<String, Map<String, Double>> calls = new LinkedHashMap<>();
        for (String provider : List.of("huggingface", "oidc")) {
            Map<String, Double> perLogin = new LinkedHashMap<>();
            perLogin.put("/oauth/authorize", 1.0);
            perLogin.put("/oauth/token", 1.0);
            perLogin.put("/oauth/userinfo", 1.0);
            perLogin.put("/oauth/jwks", 1 / 59.0);
            calls.put(provider, perLogin);
        }
        return new BenchmarkReport(latencies, created, calls, 59_684, 4, 1, 1);
    }

    @Test
    void givenARun_thenTheMarkdownIsTheTableAndTheLinesTheReadmeShows() {
        assertEquals("""
                | provider, phase | logins | failed | users created | logins/s | p50 ms | p95 ms | p99 ms | Keycloak CPU ms/login |
                |---|---|---|---|---|---|---|---|---|
                | huggingface, first login | 10 | 0 | 10 | 5.0 | 400 | 400 | 400 | 90.0 |
                | oidc, first login | 10 | 0 | 10 | 5.0 | 380 | 380 | 380 | 100.0 |
                | huggingface, returning login | 20 | 0 | 0 | 10.0 | 200 | 200 | 200 | 50.0 |
                | oidc, returning login | 20 | 0 | 0 | 10.0 | 210 | 210 | 210 | 50.0 |

                - Throughput ratio HF / generic, first login: 1.00 ± 0.00; ≥ 1.0 within the run's noise: yes
                - Throughput ratio HF / generic, returning login: 1.00 ± 0.00; ≥ 1.0 within the run's noise: yes
                - Keycloak CPU per login HF / generic, first login: 0.90 ± 0.00; ≤ 1.0 within the run's noise: yes
                - Keycloak CPU per login HF / generic, returning login: 1.00 ± 0.00; ≤ 1.0 within the run's noise: yes
                - ± is two standard errors of the per-round ratios (each round's HF block over the generic block run next to it)
                - Upstream requests per login, huggingface: authorize 1.00, token 1.00, userinfo 1.00, jwks 0.02
                - Upstream requests per login, oidc: authorize 1.00, token 1.00, userinfo 1.00, jwks 0.02
                - JWKS fetches in the run: huggingface 1, oidc 1
                - Provider JAR: 59,684 bytes (58.3 KB)
                """, report(0).markdown());
    }

    /** Rounds 1.0, 0.8, 1.2: mean 1.0, standard deviation 0.2, so two standard errors are 2 × 0.2 / √3. */
    @Test
    void givenInterleavedRounds_thenTheNoiseIsTwoStandardErrorsOfTheRoundRatios() {
        double noise = BenchmarkReport.pairedNoise(List.of(10.0, 8.0, 12.0), List.of(10.0, 10.0, 10.0));
        assertEquals(2 * 0.2 / Math.sqrt(3), noise, 1e-9);
        assertEquals(0, BenchmarkReport.pairedNoise(List.of(5.0), List.of(10.0)), "one round tells nothing about the noise");
    }

    @Test
    void givenFailedLogins_thenTheTableCountsThem() {
        assertTrue(report(3).markdown().contains("| huggingface, first login | 10 | 3 | 10 |"), report(3).markdown());
    }

    @Test
    void givenAReadmeWithMarkers_thenOnlyWhatIsBetweenThemIsReplaced() {
        String readme = "# Title\n\nBefore.\n\n" + BenchmarkReadme.START + "\nold figures\n" + BenchmarkReadme.END + "\n\nAfter.\n";
        String table = report(0).markdown();

        String updated = BenchmarkReadme.splice(readme, table);

        assertEquals("# Title\n\nBefore.\n\n" + BenchmarkReadme.START + "\n" + table + BenchmarkReadme.END + "\n\nAfter.\n", updated);
        assertEquals(table, BenchmarkReadme.section(updated));
        assertEquals(updated, BenchmarkReadme.splice(updated, table), "splicing the same figures again changes nothing");
    }

    @Test
    void givenAReadmeWithoutBothMarkersOnce_thenSplicingRefuses() {
        String table = report(0).markdown();
        assertThrows(IllegalArgumentException.class, () -> BenchmarkReadme.splice("no markers", table));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkReadme.splice(BenchmarkReadme.START + "\n", table));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkReadme.splice(
                BenchmarkReadme.END + "\n" + BenchmarkReadme.START + "\n", table));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkReadme.splice(
                BenchmarkReadme.START + BenchmarkReadme.END + BenchmarkReadme.START + BenchmarkReadme.END, table));
    }

    /** The README's figures are a benchmark run's markdown: same table, a row per series, no failed logins. */
    @Test
    void givenTheReadme_thenItsBenchmarkFiguresAreInTheFormTheBenchmarkWrites() throws Exception {
        String section = BenchmarkReadme.section(Files.readString(Path.of("README.md")));
        List<String> lines = section.lines().toList();

        assertEquals(BenchmarkReport.TABLE_HEADER, lines.get(0));
        List<String> rows = lines.stream().filter(line -> line.startsWith("| ") && !line.equals(lines.get(0))).toList();
        assertEquals(List.of("huggingface, first login", "oidc, first login", "huggingface, returning login", "oidc, returning login"),
                rows.stream().map(row -> row.split(" \\| ")[0].substring(2)).toList());
        rows.forEach(row -> assertEquals("0", row.split(" \\| ")[2], "a README run has no failed logins: " + row));
        assertTrue(section.contains("- Throughput ratio HF / generic, first login: "), section);
        assertTrue(section.contains("- Throughput ratio HF / generic, returning login: "), section);
        assertTrue(section.endsWith(" KB)\n"), "the section ends where the benchmark's markdown ends: " + section);
    }
}
