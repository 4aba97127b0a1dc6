package dev.hflogin.keycloak.bench;

import dev.hflogin.keycloak.it.HttpLoginFlow;
import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What membership re-checking costs: {@code -Dbench.recheckUsers} (1,000) linked users sign in, then
 * "Re-check membership" is switched on with an interval of {@code -Dbench.recheckIntervalSeconds} (120 s;
 * the server ticks every 2 s, {@code DistributionKeycloakServer.recheckTickOption}). Over one interval it
 * counts Hugging Face's userinfo and refresh calls, the time until every user was checked, and the CPU
 * time Keycloak used, beside the CPU time of the same length with re-checking off.
 *
 * <p>Asserted: every user checked within the interval, at most one userinfo call per user in it, nobody
 * signed out (they are all still members). Speed is reported, not asserted.
 */
@ExtendWith(LiveEnvironment.class)
class RecheckBenchmarkIT {

    static final int USERS = Integer.getInteger("bench.recheckUsers", 1000);
    static final int INTERVAL_SECONDS = Integer.getInteger("bench.recheckIntervalSeconds", 120);
    static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    static final int BLOCK = 50;
    static final String ORG = "bench-recheck-org";
    private static final HttpLoginFlow FLOW = new HttpLoginFlow("social-huggingface", Duration.ofSeconds(60));

    @Test
    void givenSignedInLinkedUsers_whenReCheckedForOneInterval_thenHuggingFaceCallsTimeAndCpuArePrinted() throws Exception {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        try (HuggingFaceStandIn upstream = HuggingFaceStandIn.start()) {
            TestRealm realm = TestRealm.create(env);
            upstream.registerApp(OAuthApp.confidential("bench-recheck", "bench-recheck-secret", realm.brokerRedirectUri(),
                    BenchmarkRealm.SCOPES.split(" ")));
            realm.addHuggingFace("bench-recheck", "bench-recheck-secret", Map.of("baseUrl", upstream.baseUrl(),
                    "storeToken", true, "allowedOrganizations", ORG)).expect(201);
            List<String> handles = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String handle = "recheck-user" + i;
                upstream.addUser(HfUser.withHandle(handle).name("Bench " + i)
                        .addOrg(HfUser.org("6a0b1c2d3e4f5a6b7c8d9e0f", "Bench", ORG)));
                handles.add(handle);
            }
            LatencyStats logins = new LatencyStats();
            for (int start = 0; start < USERS; start += BLOCK) {
                LoginBlock.run(handles.subList(start, Math.min(USERS, start + BLOCK)), CLIENTS, Duration.ofMinutes(5),
                        handle -> FLOW.signIn(realm.authorizationUrl(env.app().redirectUri()), handle).elapsed(), h -> h, logins);
            }
            assertEquals(List.of(), logins.failures(), "every user signed in");

            Optional<KeycloakCpu> cpu = KeycloakCpu.of(env.keycloak());
            Duration window = Duration.ofSeconds(INTERVAL_SECONDS);
            Optional<Duration> idleCpu = cpuOver(cpu, window, () -> { });

            upstream.clearRequests();
            long started = System.nanoTime();
            long[] allCheckedAt = {-1};
            realm.updateHuggingFaceConfig(Map.of("recheckMembership", "true",
                    "recheckIntervalSeconds", String.valueOf(INTERVAL_SECONDS)));
            Optional<Duration> recheckCpu = cpuOver(cpu, window, () -> {
                if (allCheckedAt[0] < 0 && upstream.requests("/oauth/userinfo").size() >= USERS) {
                    allCheckedAt[0] = System.nanoTime() - started;
                }
            });
            int userInfoCalls = upstream.requests("/oauth/userinfo").size();
            long refreshCalls = upstream.requests("/oauth/token").stream()
                    .filter(r -> "refresh_token".equals(r.param("grant_type"))).count();

            System.out.println(String.format(Locale.ROOT, "RECHECK-BENCH: %d signed-in linked users, interval %d s, tick 2 s, "
                            + "one check at a time: userinfo calls in the interval %d, refresh calls %d, all checked after %s, "
                            + "Keycloak CPU over the interval %s (re-check off, same length: %s)",
                    USERS, INTERVAL_SECONDS, userInfoCalls, refreshCalls,
                    allCheckedAt[0] < 0 ? "not within the interval" : Duration.ofNanos(allCheckedAt[0]).toMillis() + " ms",
                    recheckCpu.map(d -> d.toMillis() + " ms").orElse("unknown"), idleCpu.map(d -> d.toMillis() + " ms").orElse("unknown")));

            assertTrue(allCheckedAt[0] > 0, "every user checked within the interval: " + userInfoCalls + " of " + USERS);
            assertTrue(userInfoCalls <= USERS, "at most one userinfo call per user per interval: " + userInfoCalls);
            String sample = realm.user(handles.get(USERS - 1)).get("id").asText();
            assertFalse(realm.sessions(sample).isEmpty(), "members keep their sessions");
            realm.delete();
        }
    }

    /** Keycloak's CPU time over {@code window}, polling {@code poll} every half second meanwhile. */
    private static Optional<Duration> cpuOver(Optional<KeycloakCpu> cpu, Duration window, Runnable poll) throws InterruptedException {
        Optional<Duration> before = cpu.flatMap(KeycloakCpu::used);
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            poll.run();
            Thread.sleep(500);
        }
        poll.run();
        Optional<Duration> after = cpu.flatMap(KeycloakCpu::used);
        return before.isPresent() && after.isPresent() ? Optional.of(after.get().minus(before.get())) : Optional.empty();
    }
}
