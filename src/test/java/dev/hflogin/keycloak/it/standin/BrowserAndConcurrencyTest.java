package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consent page driven by a real (headless) browser, and many logins at once. */
class BrowserAndConcurrencyTest {

    private HuggingFaceStandIn standIn;
    private String callback;

    @BeforeEach
    void start() {
        standIn = HuggingFaceStandIn.start();
        DemoUsers.addTo(standIn);
        // The callback points back at the stand-in: its 404 is recorded with the code in the query.
        callback = standIn.baseUrl() + "/callback";
        standIn.registerApp(OAuthApp.confidential(StandInTestClient.CLIENT_ID, StandInTestClient.CLIENT_SECRET,
                callback, "openid", "profile"));
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void browserSignsInAsAnotherUser() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid profile");
        params.put("redirect_uri", callback);
        try (WebClient browser = new WebClient()) {
            browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
            browser.getOptions().setJavaScriptEnabled(false);
            HtmlPage page = browser.getPage(FormCodec.appendQuery(standIn.authorizationEndpoint(), params));
            assertTrue(page.asNormalizedText().contains(HtmlPages.BANNER));
            HtmlTextInput username = page.getHtmlElementById("username");
            assertEquals("ada", username.getValue());
            username.setValue("grace");
            page.getHtmlElementById("allow").click();
        }
        RecordedRequest arrived = standIn.requests("/callback").get(0);
        assertEquals("state-123", arrived.param("state"));
        assertTrue(arrived.param("code") != null);
        assertEquals(DemoUsers.GRACE_SUB, standIn.requests(HtmlPages.DECISION_PATH).get(0).note("user_sub"));
    }

    @Test
    void concurrentLoginsAllSucceed() throws Exception {
        int logins = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                results.add(pool.submit(this::oneLogin));
            }
            for (Future<Integer> result : results) {
                assertEquals(200, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(logins, standIn.requests("/oauth/userinfo").size());
    }

    private int oneLogin() throws Exception {
        StandInTestClient client = new StandInTestClient(standIn);
        PkcePair pkce = PkcePair.create();
        Map<String, String> params = StandInTestClient.authorizeParams("openid profile");
        params.put("redirect_uri", callback);
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        String code = client.code(params, "ada");
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", callback, "code_verifier", pkce.verifier());
        String accessToken = StandInTestClient.json(client.postForm(standIn.tokenEndpoint(), form,
                StandInTestClient.basic(StandInTestClient.CLIENT_ID, StandInTestClient.CLIENT_SECRET)))
                .get("access_token").asText();
        return client.userInfo(accessToken).statusCode();
    }
}
