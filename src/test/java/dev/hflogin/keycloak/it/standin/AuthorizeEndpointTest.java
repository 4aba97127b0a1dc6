package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What /oauth/authorize refuses and how: error page vs. redirect with error. */
class AuthorizeEndpointTest {

    private HuggingFaceStandIn standIn;
    private StandInTestClient client;

    @BeforeEach
    void start() {
        standIn = StandInTestClient.startWithTestApp("openid", "profile");
        client = new StandInTestClient(standIn);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void scopeNotEnabledOnTheAppRedirectsWithInvalidScope() throws Exception {
        HttpResponse<String> response = client.authorize(StandInTestClient.authorizeParams("openid profile email"));
        assertEquals(302, response.statusCode());
        Map<String, String> result = StandInTestClient.redirectParams(response);
        assertEquals("invalid_scope", result.get("error"));
        assertTrue(result.get("error_description").contains("email"));
        assertEquals("state-123", result.get("state"));
    }

    @Test
    void givenErrorsOnThePage_thenAScopeNotEnabledIsShownOnTheStandInsPageWithoutARedirect() throws Exception {
        standIn.behaviour().authorizeErrorsOnPage(true);
        HttpResponse<String> response = client.authorize(StandInTestClient.authorizeParams("openid profile email"));
        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.body().contains("email is not enabled on this OAuth app"), response.body());
    }

    @Test
    void missingScopeUsesTheAppsEnabledScopes() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams(null);
        params.remove("scope");
        String code = client.code(params, "ada");
        JsonNode tokens = StandInTestClient.json(client.redeem(code, null));
        assertEquals("openid profile", tokens.get("scope").asText());
    }

    @Test
    void redirectUriMismatchShowsAnErrorPageAndDoesNotRedirect() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid");
        params.put("redirect_uri", "https://evil.example/callback");
        HttpResponse<String> response = client.authorize(params);
        assertEquals(400, response.statusCode());
        assertFalse(response.headers().firstValue("Location").isPresent());
        assertTrue(response.body().contains(HtmlPages.BANNER));
        assertTrue(response.body().contains("not registered"));
    }

    @Test
    void loopbackRedirectUriMayDifferInPortOnly() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid");
        params.put("redirect_uri", "http://localhost:9999/realms/test/broker/huggingface/endpoint");
        assertEquals(200, client.authorize(params).statusCode());
        params.put("redirect_uri", "http://localhost:9999/realms/test/broker/huggingface/other");
        assertEquals(400, client.authorize(params).statusCode());
        params.put("redirect_uri", "http://127.0.0.1:8080/realms/test/broker/huggingface/endpoint");
        assertEquals(400, client.authorize(params).statusCode());
    }

    @Test
    void unknownClientShowsAnErrorPage() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid");
        params.put("client_id", "nobody");
        HttpResponse<String> response = client.authorize(params);
        assertEquals(400, response.statusCode());
        assertFalse(response.headers().firstValue("Location").isPresent());
    }

    @Test
    void denyRedirectsWithAccessDenied() throws Exception {
        HttpResponse<String> page = client.authorize(StandInTestClient.authorizeParams("openid"));
        HttpResponse<String> redirect = client.decide(page, "ada", "deny");
        assertEquals(302, redirect.statusCode());
        Map<String, String> result = StandInTestClient.redirectParams(redirect);
        assertEquals("access_denied", result.get("error"));
        assertTrue(result.containsKey("error_description"));
        assertEquals("state-123", result.get("state"));
    }

    @Test
    void unknownUsernameShowsThePageAgainWithAnError() throws Exception {
        HttpResponse<String> page = client.authorize(StandInTestClient.authorizeParams("openid"));
        HttpResponse<String> again = client.decide(page, "nobody-here", "allow");
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("No Hugging Face user named"));
        HttpResponse<String> redirect = client.decide(again, "ada", "allow");
        assertEquals(302, redirect.statusCode());
        assertTrue(StandInTestClient.redirectParams(redirect).containsKey("code"));
    }

    @Test
    void consentFormCannotBeSubmittedTwice() throws Exception {
        HttpResponse<String> page = client.authorize(StandInTestClient.authorizeParams("openid"));
        assertEquals(302, client.decide(page, "ada", "allow").statusCode());
        assertEquals(400, client.decide(page, "ada", "allow").statusCode());
    }

    @Test
    void requestedOrgsAreShownOnTheConsentPage() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid");
        params.put("orgIds", DemoUsers.ANALYTICAL_ENGINES_SUB + "," + DemoUsers.OTHER_ORG_SUB);
        String body = client.authorize(params).body();
        assertTrue(body.contains("Requested organizations"));
        assertTrue(body.contains(DemoUsers.ANALYTICAL_ENGINES_SUB) && body.contains(DemoUsers.OTHER_ORG_SUB));
    }

    @Test
    void pkceMustBeS256AndIsRequiredForPublicApps() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid");
        params.put("code_challenge", PkcePair.create().challenge());
        params.put("code_challenge_method", "plain");
        assertEquals("invalid_request", StandInTestClient.redirectParams(client.authorize(params)).get("error"));

        standIn.registerApp(OAuthApp.publicApp("spa", StandInTestClient.REDIRECT_URI, "openid"));
        Map<String, String> publicParams = StandInTestClient.authorizeParams("openid");
        publicParams.put("client_id", "spa");
        assertEquals("invalid_request", StandInTestClient.redirectParams(client.authorize(publicParams)).get("error"));
    }

    @Test
    void publicAppRedeemsWithVerifierAndNoSecret() throws Exception {
        standIn.registerApp(OAuthApp.publicApp("spa", StandInTestClient.REDIRECT_URI, "openid"));
        PkcePair pkce = PkcePair.create();
        Map<String, String> params = StandInTestClient.authorizeParams("openid");
        params.put("client_id", "spa");
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        String code = client.code(params, "ada");
        HttpResponse<String> response = client.postForm(standIn.tokenEndpoint(), Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", StandInTestClient.REDIRECT_URI,
                "client_id", "spa", "code_verifier", pkce.verifier()), null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("none", standIn.requests("/oauth/token").get(0).note("client_auth"));
    }

    @Test
    void unsupportedResponseTypeRedirectsWithError() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams("openid");
        params.put("response_type", "token");
        assertEquals("unsupported_response_type",
                StandInTestClient.redirectParams(client.authorize(params)).get("error"));
    }
}
