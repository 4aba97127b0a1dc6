package dev.hflogin.keycloak.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.hflogin.keycloak.it.AdminClient;
import dev.hflogin.keycloak.it.Browser;
import dev.hflogin.keycloak.it.DistributionKeycloakServer;
import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.Ports;
import dev.hflogin.keycloak.it.SecurityCases;
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
    private static final int RECHECK_INTERVAL_SECONDS = 6;
    /** Interval + tick + a check on each node, with room for a loaded machine. */
    private static final Duration RECHECK_BOUND = Duration.ofSeconds(40);

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
                recheckOnBothNodes(onNode1, realm, huggingFace, node1, node2, port1, port2);

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
        return codeForTokens(realm.tokenUrl(), app, code).get("access_token").asText();
    }

    /** The app's code exchange at one node's token endpoint. */
    private static JsonNode codeForTokens(String tokenUrl, TestApp app, String code) {
        String form = "grant_type=authorization_code&code=" + AdminClient.encode(code)
                + "&redirect_uri=" + AdminClient.encode(app.redirectUri())
                + "&client_id=" + TestRealm.CLIENT_ID + "&client_secret=" + TestRealm.CLIENT_SECRET;
        HttpResponse<String> response = SignInFlow.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, response.statusCode(), response.body());
        return SignInFlow.json(response.body());
    }

    /** The app's refresh at one node's token endpoint. */
    private static HttpResponse<String> refresh(String tokenUrl, String refreshToken) {
        String form = "grant_type=refresh_token&refresh_token=" + AdminClient.encode(refreshToken)
                + "&client_id=" + TestRealm.CLIENT_ID + "&client_secret=" + TestRealm.CLIENT_SECRET;
        return SignInFlow.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String tokenUrl(DistributionKeycloakServer node, TestRealm realm) {
        return node.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/token";
    }

    /**
     * Membership re-check on two nodes ("Re-check membership" on, every {@value #RECHECK_INTERVAL_SECONDS} s,
     * both nodes ticking every 2 s): a member removed from the allowed organization on Hugging Face loses
     * her sessions made on node 1 and on node 2, and her refresh tokens stop working at both nodes, with no
     * sign-in. One node checks each user per interval (Keycloak's cluster-aware task runner, and the
     * re-check's claim in the shared single-use store): Hugging Face sees at most one userinfo call and one
     * refresh per user per interval. A user still in the organization keeps her access.
     */
    private static void recheckOnBothNodes(LiveEnvironment.Resources onNode1, TestRealm realm, HuggingFaceStandIn huggingFace,
                                           DistributionKeycloakServer node1, DistributionKeycloakServer node2,
                                           int port1, int port2) throws Exception {
        HfUser mary = huggingFace.addUser(HfUser.withHandle("mary").name("Mary Jackson").email("mary@example.com")
                .addOrg(HfUser.org(DemoUsers.ANALYTICAL_ENGINES_SUB, "Analytical Engines", "analytical-engines")));
        final String onNode1Refresh;
        try (Browser browser = new Browser()) { // signed in on node 1 alone
            HtmlPage end = SignInFlow.signIn(browser, realm, onNode1.app(), huggingFace, mary.preferredUsername());
            onNode1Refresh = codeForTokens(tokenUrl(node1, realm), onNode1.app(), Browser.queryParameter(end, "code").orElseThrow())
                    .get("refresh_token").asText();
        }
        HtmlPage viaNode2 = signInWithCallbackOnNode2(onNode1, realm, mary, port1, port2); // her second session made on node 2
        SignInFlow.assertSignedIntoApp(viaNode2);
        String onNode2Refresh = codeForTokens(tokenUrl(node2, realm), onNode1.app(),
                Browser.queryParameter(viaNode2, "code").orElseThrow()).get("refresh_token").asText();
        String maryId = realm.user(mary.preferredUsername()).get("id").asText();
        String katherineId = realm.user("katherine").get("id").asText();
        AdminClient node2Admin = new AdminClient(node2.baseUrl());
        assertEquals(2, realm.sessions(maryId).size(), "two sessions");

        realm.updateHuggingFaceConfig(Map.of("recheckMembership", "true",
                "recheckIntervalSeconds", String.valueOf(RECHECK_INTERVAL_SECONDS), "recheckGraceSeconds", "3600"));
        huggingFace.clearRequests();
        Instant watched = Instant.now();
        Thread.sleep(RECHECK_INTERVAL_SECONDS * 3000L); // three intervals with both still members
        assertEquals(200, refresh(tokenUrl(node1, realm), onNode1Refresh).statusCode(), "a member keeps her access");
        assertEquals(200, refresh(tokenUrl(node2, realm), onNode2Refresh).statusCode(), "at both nodes");

        mary.leaveOrg("analytical-engines");
        Instant left = Instant.now();
        Instant deadline = left.plus(RECHECK_BOUND);
        while (Instant.now().isBefore(deadline) && !(realm.sessions(maryId).isEmpty() && sessions(node2Admin, realm, maryId).isEmpty())) {
            Thread.sleep(500);
        }
        Duration took = Duration.between(left, Instant.now());
        assertEquals(List.of(), realm.sessions(maryId), "node 1 still lists her sessions after " + took);
        assertEquals(0, sessions(node2Admin, realm, maryId).size(), "node 2 still lists her sessions after " + took);
        HttpResponse<String> atNode1 = refresh(tokenUrl(node1, realm), onNode1Refresh);
        assertEquals(400, atNode1.statusCode(), "refresh token refused at node 1: " + atNode1.body());
        HttpResponse<String> atNode2 = refresh(tokenUrl(node2, realm), onNode2Refresh);
        assertEquals(400, atNode2.statusCode(), "refresh token refused at node 2: " + atNode2.body());
        List<JsonNode> ended = new java.util.ArrayList<>();
        node2Admin.getJson("/realms/" + realm.name() + "/events?type=LOGOUT&max=100").forEach(event -> {
            if ("huggingface_membership_recheck".equals(event.path("details").path("reason").asText())) {
                ended.add(event);
            }
        });
        assertEquals(1, ended.size(), "one node ended her access, once: " + ended);
        assertEquals(maryId, ended.get(0).path("userId").asText());
        assertEquals("not_a_member", ended.get(0).path("details").path("huggingface_recheck_rule").asText());
        assertEquals("2", ended.get(0).path("details").path("sessions_ended").asText(), "both sessions, made on two nodes");
        assertFalse(realm.sessions(katherineId).isEmpty(), "a member still in the organization keeps her session");

        Duration window = Duration.between(watched, Instant.now());
        long intervals = window.toSeconds() / RECHECK_INTERVAL_SECONDS + 1;
        for (HfUser user : List.of(mary, huggingFace.user("katherine").orElseThrow())) {
            List<Instant> userInfo = callsFor(huggingFace, "/oauth/userinfo", user, null);
            List<Instant> refreshes = callsFor(huggingFace, "/oauth/token", user, "refresh_token");
            assertFalse(userInfo.isEmpty(), user.preferredUsername() + " was re-checked");
            assertTrue(userInfo.size() <= intervals && refreshes.size() <= intervals, user.preferredUsername() + ": "
                    + userInfo.size() + " userinfo calls and " + refreshes.size() + " refreshes in " + window.toSeconds() + " s, "
                    + "more than one per interval (" + intervals + ")");
            for (int i = 1; i < userInfo.size(); i++) {
                long gap = Duration.between(userInfo.get(i - 1), userInfo.get(i)).toMillis();
                assertTrue(gap >= (RECHECK_INTERVAL_SECONDS - 1) * 1000L, user.preferredUsername()
                        + " checked twice within one interval (" + gap + " ms apart): " + userInfo);
            }
        }
        System.out.println("CLUSTER: re-check every " + RECHECK_INTERVAL_SECONDS + " s on two nodes (tick 2 s): mary's 2 sessions "
                + "(node 1, node 2) ended " + took.toMillis() + " ms after she left the org; in " + window.toSeconds()
                + " s Hugging Face saw " + callsFor(huggingFace, "/oauth/userinfo", mary, null).size() + " + "
                + callsFor(huggingFace, "/oauth/userinfo", huggingFace.user("katherine").orElseThrow(), null).size()
                + " userinfo calls (mary + katherine)");
        SecurityCases.observe("cluster-recheck-member-removed", "a member signed in on both nodes (one session each) is removed "
                        + "from the allowed organization on Hugging Face; re-check every 6 s, both nodes ticking",
                "access ended: both sessions gone and both refresh tokens refused at their nodes within 40 s without a sign-in; "
                        + "one LOGOUT event; Hugging Face saw at most one userinfo call and one refresh per user per interval");
    }

    /** When Hugging Face answered a request on this path for this user's grant (of this grant type, if given). */
    private static List<Instant> callsFor(HuggingFaceStandIn huggingFace, String path, HfUser user, String grantType) {
        return huggingFace.requests(path).stream()
                .filter(request -> user.sub().equals(request.note(RecordedRequest.USER_NOTE)))
                .filter(request -> grantType == null || grantType.equals(request.param("grant_type")))
                .map(RecordedRequest::timestamp).sorted().toList();
    }

    private static List<JsonNode> sessions(AdminClient admin, TestRealm realm, String userId) {
        List<JsonNode> sessions = new java.util.ArrayList<>();
        admin.getJson("/realms/" + realm.name() + "/users/" + userId + "/sessions").forEach(sessions::add);
        return sessions;
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
