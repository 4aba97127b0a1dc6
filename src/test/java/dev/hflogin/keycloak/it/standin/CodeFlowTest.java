package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization code flow end to end, and the token endpoint's rules. */
class CodeFlowTest {

    private static final String SCOPE = "openid profile email read-billing read-memberships";

    private HuggingFaceStandIn standIn;
    private StandInTestClient client;

    @BeforeEach
    void start() {
        standIn = StandInTestClient.startWithTestApp(SCOPE.split(" "));
        client = new StandInTestClient(standIn);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void fullFlowWithPkceBasicAuthAndUserInfo() throws Exception {
        PkcePair pkce = PkcePair.create();
        Map<String, String> params = StandInTestClient.authorizeParams(SCOPE);
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");

        HttpResponse<String> page = client.authorize(params);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(HtmlPages.BANNER));
        assertTrue(page.body().contains("id=\"username\"") && page.body().contains("value=\"ada\""));
        assertTrue(page.body().contains("id=\"allow\"") && page.body().contains("id=\"deny\""));
        assertTrue(page.body().contains("read-memberships"));

        HttpResponse<String> redirect = client.decide(page, "ada", "allow");
        assertEquals(302, redirect.statusCode());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(StandInTestClient.REDIRECT_URI + "?"), location);
        Map<String, String> result = StandInTestClient.redirectParams(redirect);
        assertEquals("state-123", result.get("state"));

        HttpResponse<String> tokenResponse = client.redeem(result.get("code"), pkce.verifier());
        assertEquals(200, tokenResponse.statusCode(), tokenResponse.body());
        JsonNode tokens = StandInTestClient.json(tokenResponse);
        assertTrue(tokens.get("access_token").asText().startsWith("hf_oauth_"));
        assertEquals("bearer", tokens.get("token_type").asText());
        assertEquals(28800, tokens.get("expires_in").asInt());
        assertEquals(SCOPE, tokens.get("scope").asText());
        assertTrue(tokens.hasNonNull("refresh_token") && tokens.hasNonNull("id_token"));

        HttpResponse<String> userInfo = client.userInfo(tokens.get("access_token").asText());
        assertEquals(200, userInfo.statusCode());
        assertTrue(userInfo.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode claims = StandInTestClient.json(userInfo);
        assertEquals(DemoUsers.ADA_SUB, claims.get("sub").asText());
        assertEquals("ada", claims.get("preferred_username").asText());
        assertEquals("ada@example.com", claims.get("email").asText());
        assertTrue(claims.get("canPay").asBoolean());
        assertEquals(2, claims.get("orgs").size());

        RecordedRequest authorize = standIn.requests("/oauth/authorize").get(0);
        assertEquals("S256", authorize.param("code_challenge_method"));
        assertEquals("nonce-456", authorize.param("nonce"));
        RecordedRequest token = standIn.requests("/oauth/token").get(0);
        assertEquals("client_secret_basic", token.note("client_auth"));
        assertEquals("verified", token.note("pkce"));
        assertTrue(token.header("authorization").startsWith("Basic "));
        assertEquals(200, token.status());
        assertEquals(1, standIn.requests("/oauth/userinfo").size());
    }

    @Test
    void clientSecretPostIsAccepted() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid profile"), "ada");
        HttpResponse<String> response = client.postForm(standIn.tokenEndpoint(), Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", StandInTestClient.REDIRECT_URI,
                "client_id", StandInTestClient.CLIENT_ID, "client_secret", StandInTestClient.CLIENT_SECRET), null);
        assertEquals(200, response.statusCode(), response.body());
        RecordedRequest token = standIn.requests("/oauth/token").get(0);
        assertEquals("client_secret_post", token.note("client_auth"));
        assertEquals("not_used", token.note("pkce"));
    }

    @Test
    void wrongClientSecretIs401() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid"), "ada");
        HttpResponse<String> response = client.postForm(standIn.tokenEndpoint(), Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", StandInTestClient.REDIRECT_URI),
                StandInTestClient.basic(StandInTestClient.CLIENT_ID, "wrong"));
        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", StandInTestClient.json(response).get("error").asText());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void replayedCodeFails() throws Exception {
        PkcePair pkce = PkcePair.create();
        Map<String, String> params = StandInTestClient.authorizeParams("openid profile");
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        String code = client.code(params, "ada");
        assertEquals(200, client.redeem(code, pkce.verifier()).statusCode());
        HttpResponse<String> replay = client.redeem(code, pkce.verifier());
        assertEquals(400, replay.statusCode());
        assertEquals("invalid_grant", StandInTestClient.json(replay).get("error").asText());
    }

    @Test
    void wrongPkceVerifierFails() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid profile");
        params.put("code_challenge", PkcePair.create().challenge());
        params.put("code_challenge_method", "S256");
        String code = client.code(params, "ada");
        HttpResponse<String> response = client.redeem(code, PkcePair.create().verifier());
        assertEquals(400, response.statusCode());
        assertEquals("invalid_grant", StandInTestClient.json(response).get("error").asText());
        assertEquals("mismatch", standIn.requests("/oauth/token").get(0).note("pkce"));
    }

    @Test
    void redirectUriMustMatchTheAuthorizeRequest() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid"), "ada");
        HttpResponse<String> response = client.postForm(standIn.tokenEndpoint(), Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", "http://localhost:8080/other"),
                StandInTestClient.basic(StandInTestClient.CLIENT_ID, StandInTestClient.CLIENT_SECRET));
        assertEquals(400, response.statusCode());
    }

    @Test
    void expiredCodeFails() throws Exception {
        standIn.behaviour().codeLifetime(java.time.Duration.ofMillis(1));
        String code = client.code(StandInTestClient.authorizeParams("openid"), "ada");
        Thread.sleep(20);
        assertEquals(400, client.redeem(code, null).statusCode());
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenDies() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid profile"), "ada");
        JsonNode first = StandInTestClient.json(client.redeem(code, null));
        String oldRefresh = first.get("refresh_token").asText();

        HttpResponse<String> refreshed = client.refresh(oldRefresh);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode second = StandInTestClient.json(refreshed);
        assertNotEquals(oldRefresh, second.get("refresh_token").asText());
        assertNotEquals(first.get("access_token").asText(), second.get("access_token").asText());
        assertEquals(200, client.userInfo(second.get("access_token").asText()).statusCode());

        HttpResponse<String> reuse = client.refresh(oldRefresh);
        assertEquals(400, reuse.statusCode());
        assertEquals("invalid_grant", StandInTestClient.json(reuse).get("error").asText());
        assertEquals(200, client.refresh(second.get("refresh_token").asText()).statusCode());
    }

    @Test
    void userInfoNeedsABearerHeader() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid profile"), "ada");
        String accessToken = StandInTestClient.json(client.redeem(code, null)).get("access_token").asText();

        HttpResponse<String> missing = client.get(standIn.userInfoEndpoint());
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        HttpResponse<String> inQuery = client.get(standIn.userInfoEndpoint() + "?access_token=" + accessToken);
        assertEquals(401, inQuery.statusCode());
        assertTrue(inQuery.headers().firstValue("WWW-Authenticate").isPresent());

        assertEquals(401, client.userInfo("hf_oauth_made_up").statusCode());
        standIn.revokeTokens(DemoUsers.ADA_SUB);
        assertEquals(401, client.userInfo(accessToken).statusCode());
    }

    @Test
    void requestsAreRecordedPerPathAndCanBeCleared() throws Exception {
        client.get(standIn.discoveryUrl());
        client.get(standIn.baseUrl() + "/no/such/path");
        List<RecordedRequest> all = standIn.requests();
        assertEquals(2, all.size());
        assertEquals(404, all.get(1).status());
        assertEquals(1, standIn.requests(DiscoveryHandler.PATH).size());
        standIn.clearRequests();
        assertTrue(standIn.requests().isEmpty());
    }
}
