package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What travels between Keycloak and Hugging Face, and what operators see in the admin API. */
@ExtendWith(LiveEnvironment.class)
class HuggingFaceProtocolIT {

    @Test
    void givenDefaults_thenPkceS256IsSentAndVerifiedAndTheSecretGoesByHttpBasic() throws Exception {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        try (Browser browser = new Browser()) {
            SignInFlow.signIn(browser, hf.realm(), ada.preferredUsername());
        }
        RecordedRequest authorize = hf.requests("/oauth/authorize").get(0);
        assertEquals("S256", authorize.param("code_challenge_method"));
        assertEquals("openid profile email", authorize.param("scope"));
        assertNotNull(authorize.param("nonce"), "Keycloak sent a nonce");
        assertNotNull(authorize.param("state"));

        RecordedRequest token = hf.requests("/oauth/token").get(0);
        assertEquals(200, token.status());
        assertEquals("verified", token.note("pkce"), "the stand-in checked the verifier against the challenge");
        assertEquals("client_secret_basic", token.note("client_auth"));
        String verifier = token.param("code_verifier");
        assertNotNull(verifier, "Keycloak sent the PKCE verifier");
        assertEquals(authorize.param("code_challenge"), s256(verifier), "the verifier matches the challenge");
        assertTrue(token.header("Authorization").startsWith("Basic "), "client_secret_basic by default");
        assertEquals(null, token.param("client_secret"), "the secret is not also in the form");
        assertEquals(1, hf.huggingFace().requests("/oauth/userinfo").size(), "one userinfo call per login");
    }

    @Test
    void givenClientSecretPost_thenTheSecretGoesInTheForm() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("clientAuthMethod", "client_secret_post"));
        HfUser ada = hf.ada();
        try (Browser browser = new Browser()) {
            SignInFlow.signIn(browser, hf.realm(), ada.preferredUsername());
        }
        RecordedRequest token = hf.requests("/oauth/token").get(0);
        assertEquals(200, token.status());
        assertNotNull(token.param("client_secret"));
        assertEquals("client_secret_post", token.note("client_auth"));
        assertEquals(null, token.header("Authorization"));
    }

    @Test
    void givenIdTokenWithAnotherNonce_thenTheLoginIsRefusedAndNoUserIsCreated() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        hf.huggingFace().behaviour().customizeIdTokens(claims ->
                new JWTClaimsSet.Builder(claims).claim("nonce", "not-the-nonce-keycloak-sent").build());
        try (Browser browser = new Browser()) {
            HtmlPage page = SignInFlow.allowAs(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm())),
                    ada.preferredUsername());
            assertFalse(TestApp.SIGNED_IN_TITLE.equals(page.getTitleText()), "a forged nonce must not sign in");
            assertTrue(page.getUrl().toString().startsWith(LiveEnvironment.get().keycloak().baseUrl()), page.getUrl().toString());
            assertTrue(page.asNormalizedText().contains("does not belong to this sign-in attempt"), page.asNormalizedText());
        }
        assertEquals(0, hf.realm().users().size());
        assertEquals(1, hf.realm().events("IDENTITY_PROVIDER_LOGIN_ERROR").size());
    }

    @Test
    void givenLocalAccountWithTheSameEmail_thenKeycloakAsksBeforeLinkingAndDoesNotTakeItOver() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("trustEmail", true));
        HfUser ada = hf.ada();
        hf.realm().createUser("ada-local", ada.email(), "local-password-1");
        try (Browser browser = new Browser()) {
            HtmlPage page = SignInFlow.allowAs(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm())),
                    ada.preferredUsername());
            String text = page.asNormalizedText();
            assertTrue(text.contains("Account already exists"), text);
            assertTrue(text.contains("Add to existing account"), text);
        }
        List<JsonNode> users = hf.realm().users();
        assertEquals(1, users.size(), "no second account");
        assertEquals("ada-local", users.get(0).get("username").asText());
        assertEquals(0, hf.realm().federatedIdentities(users.get(0).get("id").asText()).size(), "not linked silently");
    }

    @Test
    void givenStoredTokens_thenTheAppGetsTheHuggingFaceTokenFromKeycloakAndHuggingFaceAcceptsIt() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("storeToken", true, "addReadTokenRoleOnCreate", true));
        HfUser ada = hf.ada();
        JsonNode tokens;
        try (Browser browser = new Browser()) {
            tokens = SignInFlow.exchangeCode(hf.realm(), SignInFlow.signIn(browser, hf.realm(), ada.preferredUsername()));
        }
        HttpResponse<String> brokerToken = SignInFlow.send(HttpRequest.newBuilder(URI.create(hf.realm().brokerTokenUrl()))
                .header("Authorization", "Bearer " + tokens.get("access_token").asText()).GET());
        assertEquals(200, brokerToken.statusCode(), brokerToken.body());
        String hfAccessToken = SignInFlow.json(brokerToken.body()).get("access_token").asText();
        assertTrue(hfAccessToken.startsWith("hf_oauth_"), hfAccessToken);

        HttpResponse<String> userInfo = SignInFlow.send(HttpRequest.newBuilder(
                        URI.create(hf.huggingFace().baseUrl() + "/oauth/userinfo"))
                .header("Authorization", "Bearer " + hfAccessToken).GET());
        assertEquals(200, userInfo.statusCode(), userInfo.body());
        assertEquals(ada.sub(), SignInFlow.json(userInfo.body()).get("sub").asText());
    }

    @Test
    void givenAdminApi_thenTheProviderTypeItsFieldsAndTheMapperTypesAreListed() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        AdminClient admin = LiveEnvironment.get().admin();
        String realm = hf.realm().name();

        JsonNode type = admin.getJson("/realms/" + realm + "/identity-provider/providers/huggingface");
        assertEquals("Hugging Face", type.get("name").asText());
        // The label and help text are message keys; the admin console shows what Keycloak resolves them to.
        Map<String, String> english = adminConsoleTexts(realm, "en");
        List<String> fields = new ArrayList<>();
        type.get("configProperties").forEach(p -> {
            fields.add(p.get("name").asText());
            for (String key : List.of(p.path("label").asText(), p.path("helpText").asText())) {
                String text = english.get(key);
                assertTrue(text != null && !text.isBlank() && !text.equals(key), key + " shows as " + text + ": " + p);
            }
        });
        assertEquals(List.of("allowedOrganizations", "enforceSecurityRestrictions", "additionalScopes", "pkceEnabled", "clientAuthMethod", "baseUrl",
                "recheckMembership", "recheckIntervalSeconds", "recheckGraceSeconds", "recheckAfterGrace"), fields);

        JsonNode mapperTypes = admin.getJson("/realms/" + realm + "/identity-provider/instances/huggingface/mapper-types");
        for (String id : List.of("huggingface-user-attribute-mapper", "huggingface-organization-group-mapper",
                "huggingface-organization-role-mapper", "oidc-role-idp-mapper", "oidc-advanced-group-idp-mapper",
                "oidc-user-attribute-idp-mapper")) {
            assertTrue(mapperTypes.has(id), id + " offered for huggingface: " + mapperTypes.fieldNames());
        }

        JsonNode stored = hf.realm().identityProvider().get("config");
        assertEquals("true", stored.get("validateSignature").asText());
        assertEquals("S256", stored.get("pkceMethod").asText());
        assertEquals(hf.huggingFace().baseUrl() + "/oauth/jwks", stored.get("jwksUrl").asText());
    }

    /** The texts the admin console loads for a language: Keycloak's admin theme plus the provider JAR's messages. */
    private static Map<String, String> adminConsoleTexts(String realm, String language) {
        HttpResponse<String> response = SignInFlow.send(HttpRequest.newBuilder(URI.create(
                LiveEnvironment.get().keycloak().baseUrl() + "/resources/" + realm + "/admin/" + language)).GET());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> texts = new java.util.HashMap<>();
        SignInFlow.json(response.body()).forEach(entry -> texts.put(entry.path("key").asText(), entry.path("value").asText()));
        return texts;
    }

    @Test
    void givenUnsupportedClientAuthentication_thenSavingIsRefused() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        AdminClient.Response response = hf.realm().addHuggingFace(hf.hfClientId(), "secret",
                Map.of("clientAuthMethod", "private_key_jwt", "baseUrl", hf.huggingFace().baseUrl()));
        assertEquals(400, response.status(), response.body());
        assertTrue(response.body().contains("client_secret_basic or client_secret_post"), response.body());
    }

    @Test
    void givenPlainHttpToAHostOtherThanLoopback_thenSavingIsRefused() {
        HuggingFaceFixture hf = new HuggingFaceFixture();
        hf.realm().requireSsl("none"); // Keycloak's own URL check then lets http through: the provider must not
        AdminClient.Response response = hf.realm().addHuggingFace(hf.hfClientId(), "secret",
                Map.of("baseUrl", "http://hf-mirror.example.test"));
        assertEquals(400, response.status(), response.body());
        assertTrue(response.body().contains("must use https"), response.body());
        assertEquals(404, LiveEnvironment.get().admin().get("/realms/" + hf.realm().name()
                + "/identity-provider/instances/huggingface").status(), "nothing was saved");
        SecurityCases.observeRefusedByClientInput(hf.huggingFace(), "base-url-plain-http", "Hugging Face URL `http://` to a host that is not loopback, saved through the admin API",
                "refused when saved: HTTP 400 \"must use https\"; "
                + "plain http accepted for loopback hosts only");
    }

    @Test
    void givenAScopeTheHuggingFaceAppDoesNotEnable_thenHuggingFacesRefusalIsExplainedAndRecorded() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("additionalScopes", "read-billing"));
        try (Browser browser = new Browser()) {
            // HF answers the authorize request at once with error=invalid_scope: no consent page, no code.
            HtmlPage back = Browser.click(SignInFlow.openAppLogin(browser, hf.realm()), SignInFlow.HF_BUTTON);

            Refusal refusal = Refusal.assertRefused(EndPage.of(back), hf.realm(), 0);
            assertEquals(1, hf.requests("/oauth/authorize").size(), "the browser went to Hugging Face once");
            assertTrue(hf.requests("/oauth/token").isEmpty(), "no code to exchange");
            SecurityCases.observeRefusedByClientInput(hf.huggingFace(), "scope-not-enabled-on-app",
                    "Additional scope `read-billing`, which the HF OAuth app does not enable", refusal.outcome());
        }
    }

    private static String s256(String verifier) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
