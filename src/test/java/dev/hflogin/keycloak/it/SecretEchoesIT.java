package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.IssuedSecrets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Never logs or echoes tokens", for logs and pages. Runs after the other integration tests of the run
 * (junit-platform.properties orders classes by @Order; the waiting lane, which runs beside them, is waited for): every token, code and ID token the stand-ins
 * issued in this run, and every client secret, looked for in each Keycloak log of the run (the servers'
 * whole output, under target/it-logs) and in each page a sign-in ended on outside the app.
 */
@Order(Integer.MAX_VALUE - 1)
class SecretEchoesIT {

    @Test
    void givenTheRun_thenNoKeycloakLogAndNoRefusalPageShowsATokenOrASecret() throws IOException, InterruptedException {
        WaitingLane.awaitEnd(Duration.ofMinutes(10));
        List<String> secrets = new ArrayList<>(IssuedSecrets.all());
        assertFalse(secrets.isEmpty(), "the stand-in issued nothing in this run: run the sign-in tests with it");
        secrets.add(TestRealm.CLIENT_SECRET);

        Map<String, List<String>> echoes = new TreeMap<>();
        List<Path> logs;
        try (Stream<Path> files = Files.walk(TestSettings.logDir())) {
            logs = files.filter(Files::isRegularFile).toList();
        }
        for (Path log : logs) {
            List<String> found = SecretEchoes.findIn(new String(Files.readAllBytes(log), StandardCharsets.UTF_8), secrets);
            if (!found.isEmpty()) {
                echoes.put(log.toString(), found);
            }
        }
        List<SecretEchoes.PageSeen> pages = SecretEchoes.pagesSeen();
        for (SecretEchoes.PageSeen page : pages) {
            List<String> found = SecretEchoes.findIn(page.html(), secrets);
            if (!found.isEmpty()) {
                echoes.put("page " + page.url(), found);
            }
        }
        System.out.println("SECRETS: " + secrets.size() + " tokens, codes and secrets looked for in " + logs.size()
                + " logs and " + pages.size() + " refusal pages: " + echoes.size() + " with an echo");
        assertTrue(logs.stream().anyMatch(log -> log.getFileName().toString().startsWith("keycloak")),
                "no Keycloak log under " + TestSettings.logDir() + ": " + logs);
        assertEquals(Map.of(), echoes, "tokens or secrets echoed (masked here)");
    }
}
