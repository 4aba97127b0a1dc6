package dev.hflogin.keycloak.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.hflogin.keycloak.it.AdminClient;
import dev.hflogin.keycloak.it.Browser;
import dev.hflogin.keycloak.it.DistributionKeycloakServer;
import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.Ports;
import dev.hflogin.keycloak.it.SignInFlow;
import dev.hflogin.keycloak.it.TestApp;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.DemoUsers;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Keycloak nodes in production mode sharing one PostgreSQL, clustered over loopback (JGroups
 * discovery through the database, Keycloak's default). A login starts on node 1 and Hugging Face's
 * callback is delivered to node 2, as a load balancer without sticky sessions would: PKCE, nonce and
 * the organization allow-list must all hold there. Each node logs every HTTP request to its own log
 * file (Keycloak's access log), which shows node 1 started each login and node 2 alone served each
 * callback. A forged nonce delivered to node 2 is refused there. The user's stored Hugging Face token,
 * asked for on both nodes at once while it needs refreshing, is refreshed once. Run with
 * {@code mvn verify -Pcluster}.
 */
class ClusterIT {

    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration ACCESS_LOG_TIMEOUT = Duration.ofSeconds(10);
    private static final int TOKEN_LIFETIME_SECONDS = 10;
    private static final int TOKEN_REQUESTS = 20;
    /** How long the stand-in holds the refresh, so the requests on both nodes certainly overlap it. */
    private static final Duration REFRESH_DELAY = Duration.ofSeconds(2);

    @Test
    void givenTwoNodes_whenTheHuggingFaceCallbackArrivesAtTheOtherNode_thenTheLoginCompletesThereSafely() throws Exception {
        Path logDir = PostgresKeycloak.logDir("cluster");
        try (LocalPostgres postgres = LocalPostgres.start(logDir)) {
            int port1 = Ports.free();
            int port2 = Ports.free();
            try (DistributionKeycloakServer node1 = PostgresKeycloak.start(postgres.jdbcUrl(), port1, port1, logDir.resolve("node1.log"));
                 DistributionKeycloakServer node2 = PostgresKeycloak.start(postgres.jdbcUrl(), port2, port1, logDir.resolve("node2.log"));
                 HuggingFaceStandIn huggingFace = HuggingFaceStandIn.start();
                 TestApp app = TestApp.start()) {
                awaitClusterOfTwo(node1.logFile(), node2.logFile());
                LiveEnvironment.Resources onNode1 = new LiveEnvironment.Resources(node1, huggingFace, app, new AdminClient(node1.baseUrl()));
                TestRealm realm = TestRealm.create(onNode1);
                huggingFace.registerApp(OAuthApp.confidential("cluster-app", "cluster-secret", realm.brokerRedirectUri(),
                        "openid", "profile", "email", "read-memberships"));
                realm.addHuggingFace("cluster-app", "cluster-secret",
                        Map.of("baseUrl", huggingFace.baseUrl(), "allowedOrganizations", "analytical-engines")).expect(201);
                HfUser ada = huggingFace.addUser(DemoUsers.ada());
                HfUser grace = huggingFace.addUser(DemoUsers.grace());

                HtmlPage end = signInWithCallbackOnNode2(onNode1, realm, ada, port1, port2);
                SignInFlow.assertSignedIntoApp(end);
                String callbacks = "\"GET /realms/" + realm.name() + "/broker/huggingface/endpoint?";
                String starts = "\"GET /realms/" + realm.name() + "/broker/huggingface/login?";
                String adaCallback = awaitAccessLogLines(node2.logFile(), callbacks, 1).get(0);
                assertTrue(adaCallback.endsWith("HTTP/1.1\" 302 -"), "node 2 accepted the callback and redirected: " + adaCallback);
                assertEquals(0, accessLogLines(node1.logFile(), callbacks).size(), "node 1 served no callback");
                assertEquals(1, accessLogLines(node1.logFile(), starts).size(), "node 1 sent the browser to Hugging Face");
                assertEquals(0, accessLogLines(node2.logFile(), starts).size(), "node 2 started no login");
                RecordedRequest token = huggingFace.requests("/oauth/token").get(0);
                assertEquals("verified", token.note("pkce"), "node 2 sent the verifier node 1 generated");
                AdminClient node2Admin = new AdminClient(node2.baseUrl());
                assertEquals(1, node2Admin.getJson("/realms/" + realm.name() + "/users?username=ada&exact=true").size());

                HtmlPage refused = signInWithCallbackOnNode2(onNode1, realm, grace, port1, port2);
                assertTrue(refused.asNormalizedText().contains("not a member of an organization allowed to sign in here"),
                        refused.asNormalizedText());
                assertEquals(1, node2Admin.getJson("/realms/" + realm.name() + "/users").size(), "no user for the refused login");
                awaitAccessLogLines(node2.logFile(), callbacks, 2);

                // A forged nonce, checked on the node that did not send it: refused there with a page and an event.
                HfUser hedy = huggingFace.addUser(HfUser.withHandle("hedy").name("Hedy Lamarr").email("hedy@example.com")
                        .addOrg(HfUser.org(DemoUsers.ANALYTICAL_ENGINES_SUB, "Analytical Engines", "analytical-engines")));
                int errorEvents = node2Admin.getJson("/realms/" + realm.name() + "/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=100").size();
                huggingFace.behaviour().customizeIdTokens(claims ->
                        new JWTClaimsSet.Builder(claims).claim("nonce", "not-the-nonce-node-1-sent").build());
                HtmlPage forged = signInWithCallbackOnNode2(onNode1, realm, hedy, port1, port2);
                huggingFace.behaviour().reset();
                assertFalse(TestApp.SIGNED_IN_TITLE.equals(forged.getTitleText()), "a forged nonce must not sign in");
                assertTrue(forged.getUrl().toString().startsWith("http://127.0.0.1:" + port2 + "/"),
                        "the refusal page is node 2's: " + forged.getUrl());
                assertTrue(forged.asNormalizedText().contains("does not belong to this sign-in attempt"), forged.asNormalizedText());
                assertEquals(502, forged.getWebResponse().getStatusCode(), "node 2 answered with its error page itself");
                String forgedCallback = awaitAccessLogLines(node2.logFile(), callbacks, 3).get(2);
                assertTrue(forgedCallback.contains("HTTP/1.1\" 502 "), "node 2 logged the refused callback: " + forgedCallback);
                assertEquals(0, accessLogLines(node1.logFile(), callbacks).size(), "node 1 served no callback");
                assertEquals(3, accessLogLines(node1.logFile(), starts).size(), "node 1 started all three logins");
                assertEquals(0, accessLogLines(node2.logFile(), starts).size(), "node 2 started none");
                JsonNode events = node2Admin.getJson("/realms/" + realm.name() + "/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=100");
                assertEquals(errorEvents + 1, events.size(), "one error event for the forged nonce: " + events);
                assertEquals(0, node2Admin.getJson("/realms/" + realm.name() + "/users?username=hedy&exact=true").size(),
                        "no user for the forged nonce");
                assertEquals(1, node2Admin.getJson("/realms/" + realm.name() + "/users").size());
                concurrentTokenRequestsOnBothNodes(realm, huggingFace, app, node1, node2);

                System.out.println("CLUSTER: callbacks served by node 2: " + accessLogLines(node2.logFile(), callbacks).size()
                        + ", by node 1: " + accessLogLines(node1.logFile(), callbacks).size()
                        + "; forged nonce at node 2: HTTP " + forged.getWebResponse().getStatusCode() + ", '"
                        + forged.getTitleText() + "', event " + events.get(0).path("type").asText() + " "
                        + events.get(0).path("error").asText() + ", users " + node2Admin.getJson("/realms/" + realm.name() + "/users").size());
            }
        }
    }

    /**
     * The user's stored Hugging Face token, asked for by an app on both nodes at once while it needs
     * refreshing: every request gets the same live token and Hugging Face sees one refresh, because
     * the refresh is serialized on the link's row in the shared database.
     */
    private static void concurrentTokenRequestsOnBothNodes(TestRealm realm, HuggingFaceStandIn huggingFace, TestApp app,
                                                           DistributionKeycloakServer node1, DistributionKeycloakServer node2)
            throws Exception {
        realm.storeHuggingFaceTokens();
        huggingFace.behaviour().accessTokenLifetime(Duration.ofSeconds(TOKEN_LIFETIME_SECONDS));
        HfUser katherine = huggingFace.addUser(HfUser.withHandle("katherine").name("Katherine Johnson")
                .email("katherine@example.com")
                .addOrg(HfUser.org(DemoUsers.ANALYTICAL_ENGINES_SUB, "Analytical Engines", "analytical-engines")));
        String appToken;
        try (Browser browser = new Browser()) {
            HtmlPage end = browser.open(realm.authorizationUrl(app.redirectUri()));
            HtmlPage consent = Browser.click(end, SignInFlow.HF_BUTTON);
            Browser.type(consent, "username", katherine.preferredUsername());
            HtmlPage back = Browser.click(consent, "allow");
            SignInFlow.assertSignedIntoApp(back);
            appToken = codeForTokens(realm, app, Browser.queryParameter(back, "code").orElseThrow());
        }
        Thread.sleep((TOKEN_LIFETIME_SECONDS - 5) * 1000L + 1500); // inside the 5 s minimum validity (whole seconds)
        huggingFace.clearRequests();

        // Released together from a latch while Hugging Face holds the refresh, so the requests on both
        // nodes certainly overlap it: serialized requests would pass without any lock.
        huggingFace.behaviour().refreshDelay(REFRESH_DELAY);
        ExecutorService pool = Executors.newFixedThreadPool(TOKEN_REQUESTS);
        CountDownLatch ready = new CountDownLatch(TOKEN_REQUESTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            List<Long> took = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < TOKEN_REQUESTS; i++) {
                String base = (i % 2 == 0 ? node1 : node2).baseUrl();
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await(60, TimeUnit.SECONDS);
                    long started = System.nanoTime();
                    HttpResponse<String> response = SignInFlow.send(HttpRequest.newBuilder(URI.create(
                                    base + "/realms/" + realm.name() + "/broker/" + TestRealm.IDP_ALIAS + "/token"))
                            .header("Authorization", "Bearer " + appToken).GET());
                    took.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                    return response;
                }));
            }
            assertTrue(ready.await(60, TimeUnit.SECONDS), "all request threads ready");
            go.countDown();
            Set<String> tokens = new HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                tokens.add(SignInFlow.json(response.body()).get("access_token").asText());
            }
            long refreshes = huggingFace.requests("/oauth/token").stream()
                    .filter(r -> "refresh_token".equals(r.param("grant_type"))).count();
            long slowest = took.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertEquals(1, tokens.size(), "both nodes handed out the one refreshed token: " + tokens.size());
            assertEquals(1, refreshes, TOKEN_REQUESTS + " requests on two nodes, one refresh at Hugging Face");
            assertTrue(slowest < REFRESH_DELAY.multipliedBy(4).toMillis(), "all answered after about one held refresh ("
                    + REFRESH_DELAY.toMillis() + " ms), not one each: the slowest took " + slowest + " ms");
            HttpResponse<String> userInfo = SignInFlow.send(HttpRequest.newBuilder(URI.create(huggingFace.userInfoEndpoint()))
                    .header("Authorization", "Bearer " + tokens.iterator().next()).GET());
            assertEquals(200, userInfo.statusCode(), "Hugging Face accepts it");
            String tokenRequests = "\"GET /realms/" + realm.name() + "/broker/huggingface/token ";
            int onNode1 = accessLogLines(node1.logFile(), tokenRequests).size();
            int onNode2 = awaitAccessLogLines(node2.logFile(), tokenRequests, TOKEN_REQUESTS / 2).size();
            System.out.println("CLUSTER: " + TOKEN_REQUESTS + " token requests released together (node 1: " + onNode1
                    + ", node 2: " + onNode2 + "), refresh held " + REFRESH_DELAY.toMillis() + " ms: " + refreshes
                    + " refresh at Hugging Face, " + tokens.size() + " token, slowest answer " + slowest + " ms");
        } finally {
            pool.shutdownNow();
            huggingFace.behaviour().refreshDelay(Duration.ZERO);
        }
    }

    private static String codeForTokens(TestRealm realm, TestApp app, String code) {
        String form = "grant_type=authorization_code&code=" + AdminClient.encode(code)
                + "&redirect_uri=" + AdminClient.encode(app.redirectUri())
                + "&client_id=" + TestRealm.CLIENT_ID + "&client_secret=" + TestRealm.CLIENT_SECRET;
        HttpResponse<String> response = SignInFlow.send(HttpRequest.newBuilder(URI.create(realm.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, response.statusCode(), response.body());
        return SignInFlow.json(response.body()).get("access_token").asText();
    }

    /** Starts on node 1, lets HF redirect, then hands HF's callback URL to node 2. */
    private static HtmlPage signInWithCallbackOnNode2(LiveEnvironment.Resources env, TestRealm realm, HfUser user,
                                                      int port1, int port2) {
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.open(realm.authorizationUrl(env.app().redirectUri()));
            HtmlPage consent = Browser.click(login, SignInFlow.HF_BUTTON);
            Browser.type(consent, "username", user.preferredUsername());
            String callback = browser.clickForRedirect(consent, "allow");
            assertTrue(callback.startsWith("http://127.0.0.1:" + port1 + "/"), callback);
            return browser.open(callback.replace("http://127.0.0.1:" + port1 + "/", "http://127.0.0.1:" + port2 + "/"));
        }
    }

    /** A node's access-log lines (Keycloak logs them to its console, here its own log file) for requests starting so. */
    static List<String> accessLogLines(Path log, String request) throws Exception {
        return Files.readAllLines(log).stream().filter(line -> line.contains("[org.keycloak.http.access-log]")
                && line.contains(request)).toList();
    }

    /** The access log is written as the response ends, so it may trail the browser by a moment. */
    static List<String> awaitAccessLogLines(Path log, String request, int expected) throws Exception {
        Instant deadline = Instant.now().plus(ACCESS_LOG_TIMEOUT);
        List<String> lines = accessLogLines(log, request);
        while (lines.size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            lines = accessLogLines(log, request);
        }
        assertEquals(expected, lines.size(), log.getFileName() + " shows the node served " + request + ": " + lines);
        return lines;
    }

    /** Infinispan logs the cluster view; both nodes must see two members before the test relies on it. */
    static void awaitClusterOfTwo(Path log1, Path log2) throws Exception {
        Instant deadline = Instant.now().plus(CLUSTER_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (seesTwoMembers(log1) && seesTwoMembers(log2)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the two nodes did not form a cluster within " + CLUSTER_TIMEOUT);
    }

    static boolean seesTwoMembers(Path log) throws Exception {
        return Files.readAllLines(log).stream().anyMatch(line -> line.contains("ISPN000094") && line.contains("(2)"));
    }
}
