package dev.hflogin.keycloak.bench;

import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cost of a Hugging Face login next to Keycloak's generic OIDC broker doing the same mapping work
 * ({@link BenchmarkRealm}) against the same upstream, on one Keycloak in one run, in interleaved blocks
 * (each round runs one block per provider, the order alternating round by round, so both see the same
 * load). Per block it records the wall time and, for a Keycloak started as a local process, the CPU time
 * the Keycloak server used ({@link KeycloakCpu}). Prints figures and writes
 * target/benchmark/{benchmark.json, latencies.csv, latency.png, README-table.md}. Run with {@code mvn verify -Pbench}.
 * Asserted: every login gets back to the app (a failed one fails the run, after the figures are printed),
 * each first login creates exactly one user and a returning login none (users linked to each provider,
 * counted through the admin API before and after each phase), and the deterministic targets (JWKS fetched
 * once, no extra upstream calls, JAR size). Speed is reported, not asserted. With
 * {@code -Dbench.updateReadme=true} the run's README-table.md replaces the README's figures.
 */
@ExtendWith(LiveEnvironment.class)
class BothBrokersLoginBenchmarkIT {

    static final int USERS_PER_PROVIDER = Integer.getInteger("bench.users", 100);
    static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    static final int BLOCK = Integer.getInteger("bench.block", 10);
    /** Unmeasured users per provider, each signing in twice before the measured logins: class loading, JIT, caches. */
    static final int WARM_UP = Integer.getInteger("bench.warmup", 40);
    static final List<String> PROVIDERS = BenchmarkRealm.PROVIDERS;
    static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void givenBothBrokers_whenLoggingInInterleavedBlocks_thenEveryLoginSucceedsAndTheCostOfEachIsPrinted() throws Exception {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        try (HuggingFaceStandIn hfUpstream = HuggingFaceStandIn.start();
             HuggingFaceStandIn oidcUpstream = HuggingFaceStandIn.start()) {
            TestRealm realm = BenchmarkRealm.create(env, hfUpstream, oidcUpstream);
            Map<String, HuggingFaceStandIn> upstreams = Map.of("huggingface", hfUpstream, "oidc", oidcUpstream);
            List<String> phaseHandles = new ArrayList<>();
            List<String> warmUpHandles = new ArrayList<>();
            for (int i = 0; i < USERS_PER_PROVIDER + WARM_UP; i++) {
                String handle = i < WARM_UP ? "warm-" + i : "bench-" + (i - WARM_UP);
                (i < WARM_UP ? warmUpHandles : phaseHandles).add(handle);
                // Distinct accounts per provider: one email in both would make Keycloak ask to link accounts.
                hfUpstream.addUser(BenchmarkRealm.member(handleFor("huggingface", handle)));
                oidcUpstream.addUser(BenchmarkRealm.member(handleFor("oidc", handle)));
            }
            // Warm-up as the measurement runs (blocks, concurrent clients), first then returning logins: the first
            // blocks after a cold start cost far more, and would land on whichever provider runs first.
            for (String pass : List.of("first login", "returning login")) {
                Map<String, LatencyStats> warmUp = new LinkedHashMap<>();
                PROVIDERS.forEach(provider -> warmUp.put(provider, new LatencyStats()));
                runRounds(env, realm, warmUpHandles, warmUp, Optional.empty());
                warmUp.forEach((provider, stats) -> assertEquals(List.of(), stats.failures(), "warm-up, " + pass + ", " + provider));
            }
            Optional<KeycloakCpu> cpu = KeycloakCpu.of(env.keycloak());

            Map<String, LatencyStats> results = new LinkedHashMap<>();
            Map<String, Integer> usersCreated = new LinkedHashMap<>();
            for (String phase : List.of("first login", "returning login")) {
                Map<String, Integer> usersBefore = new LinkedHashMap<>();
                Map<String, LatencyStats> phaseResults = new LinkedHashMap<>();
                for (String provider : PROVIDERS) {
                    phaseResults.put(provider, new LatencyStats());
                    results.put(provider + ", " + phase, phaseResults.get(provider));
                    usersBefore.put(provider, usersLinkedTo(env, realm, provider));
                }
                runRounds(env, realm, phaseHandles, phaseResults, cpu);
                for (String provider : PROVIDERS) {
                    usersCreated.put(provider + ", " + phase, usersLinkedTo(env, realm, provider) - usersBefore.get(provider));
                }
                if (failed(results)) {
                    break; // a failed login fails the run; the figures so far are still printed below
                }
            }
            int realmUsers = env.admin().getJson("/realms/" + realm.name() + "/users/count").asInt();

            Map<String, Map<String, Double>> perLogin = new LinkedHashMap<>();
            for (String provider : PROVIDERS) {
                HuggingFaceStandIn upstream = upstreams.get(provider);
                int loginsPerProvider = 2 * WARM_UP; // the warm-up, then every login tried, failed ones included
                for (Map.Entry<String, LatencyStats> series : results.entrySet()) {
                    if (series.getKey().startsWith(provider + ", ")) {
                        loginsPerProvider += series.getValue().count() + series.getValue().failures().size();
                    }
                }
                Map<String, Double> calls = new LinkedHashMap<>();
                for (String endpoint : List.of("/oauth/authorize", "/oauth/token", "/oauth/userinfo", "/oauth/jwks")) {
                    calls.put(endpoint, upstream.requests(endpoint).size() / (double) loginsPerProvider);
                }
                perLogin.put(provider, calls);
            }
            long jarBytes = Files.size(Path.of(System.getProperty("provider.jar")));
            BenchmarkReport report = new BenchmarkReport(results, usersCreated, perLogin, jarBytes, CLIENTS,
                    hfUpstream.requests("/oauth/jwks").size(), oidcUpstream.requests("/oauth/jwks").size());
            report.print();
            report.write(Path.of(System.getProperty("build.dir", "target")).resolve("benchmark"));

            List<String> failures = new ArrayList<>();
            results.forEach((name, stats) -> stats.failures().forEach(failure -> failures.add(name + ": " + failure)));
            assertEquals(List.of(), failures, "every login gets back to the app; a failed login fails the run");
            for (String provider : PROVIDERS) {
                assertEquals(phaseHandles.size(), usersCreated.get(provider + ", first login"),
                        "each first login through " + provider + " creates exactly one user");
                assertEquals(0, usersCreated.get(provider + ", returning login"),
                        "returning logins through " + provider + " create no user");
            }
            assertEquals(PROVIDERS.size() * (USERS_PER_PROVIDER + WARM_UP), realmUsers,
                    "every user in the realm came from one of the logins (warm-up included), none twice");

            assertEquals(1, hfUpstream.requests("/oauth/jwks").size(), "JWKS fetched once per run, not per login");
            for (String endpoint : perLogin.get("huggingface").keySet()) {
                assertTrue(perLogin.get("huggingface").get(endpoint) <= perLogin.get("oidc").get(endpoint) + 1e-9,
                        "no more upstream calls per login than the generic broker at " + endpoint + ": " + perLogin);
            }
            assertTrue(jarBytes <= 200 * 1024, "JAR is " + jarBytes + " bytes, target 200 KB");
            // Only a run that passed every check above gets into the README.
            if (Boolean.getBoolean("bench.updateReadme")) {
                BenchmarkReadme.update(Path.of("README.md"), report.markdown());
                System.out.println("README.md: figures replaced between " + BenchmarkReadme.START + " and " + BenchmarkReadme.END);
            }
        }
    }

    /**
     * The handles' logins through every provider, in rounds of one block per provider, the order alternating
     * round by round (A B, B A, A B, ...) so that both see the same load; stops after a failed login.
     */
    private static void runRounds(LiveEnvironment.Resources env, TestRealm realm, List<String> handles,
                                  Map<String, LatencyStats> byProvider, Optional<KeycloakCpu> cpu) throws InterruptedException {
        for (int start = 0, round = 0; start < handles.size() && !failed(byProvider); start += BLOCK, round++) {
            List<String> block = handles.subList(start, Math.min(handles.size(), start + BLOCK));
            List<String> order = round % 2 == 0 ? PROVIDERS : List.of(PROVIDERS.get(1), PROVIDERS.get(0));
            for (String provider : order) {
                runBlock(env, realm, provider, block, byProvider.get(provider), cpu);
            }
        }
    }

    /**
     * One block of concurrent logins; a login that fails or does not finish in time is recorded as a failure.
     * With {@code cpu}, the Keycloak server's CPU time during the block is recorded too.
     */
    private static void runBlock(LiveEnvironment.Resources env, TestRealm realm, String provider, List<String> handles,
                                 LatencyStats stats, Optional<KeycloakCpu> cpu) throws InterruptedException {
        Optional<Duration> cpuBefore = cpu.flatMap(KeycloakCpu::used);
        Duration wall = LoginBlock.run(handles, CLIENTS, BLOCK_TIMEOUT, handle -> signInOnce(env, realm, provider, handle),
                handle -> handleFor(provider, handle), stats);
        Optional<Duration> cpuAfter = cpu.flatMap(KeycloakCpu::used);
        if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
            stats.addBlock(handles.size(), wall, cpuAfter.get().minus(cpuBefore.get()));
        } else {
            stats.addBlock(handles.size(), wall);
        }
    }

    private static boolean failed(Map<String, LatencyStats> results) {
        return results.values().stream().anyMatch(stats -> !stats.failures().isEmpty());
    }

    /** Users in the realm with a link to this identity provider, counted through the admin API. */
    private static int usersLinkedTo(LiveEnvironment.Resources env, TestRealm realm, String provider) {
        return env.admin().getJson("/realms/" + realm.name() + "/users?briefRepresentation=true&max=100000&idpAlias="
                + provider).size();
    }

    private static String handleFor(String provider, String handle) {
        return provider + "-" + handle;
    }

    /** One login over plain HTTP (no browser), timed from the app's redirect to Keycloak until back at the app. */
    private static Duration signInOnce(LiveEnvironment.Resources env, TestRealm realm, String provider, String handle) {
        return BenchmarkRealm.LOGIN_FLOWS.get(provider).signIn(realm.authorizationUrl(env.app().redirectUri()), handleFor(provider, handle)).elapsed();
    }
}
