package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import dev.hflogin.keycloak.it.standin.SigningMode;
import dev.hflogin.keycloak.it.standin.StandInBehaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stored configuration that tries to switch off the checks the README calls fixed (signature
 * validation, the JWKS, the issuer, the nonce, PKCE S256, the userinfo call), saved through the
 * admin API or brought in by a partial realm import: it is stored as enforced, and forged tokens are
 * still refused (the provider reads none of these values anyway).
 */
@ExtendWith(LiveEnvironment.class)
class StoredConfigTamperingIT {

    /** What someone would store to switch the checks off (Keycloak's own keys for its generic OIDC broker). */
    private static final Map<String, String> CHECKS_OFF = Map.of(
            "validateSignature", "false", "useJwksUrl", "false", "jwksUrl", "http://127.0.0.1:1/not-hugging-face",
            "issuer", "https://attacker.example", "disableNonce", "true", "pkceMethod", "plain",
            "disableUserInfo", "true");

    private static final List<Consumer<StandInBehaviour>> FORGERIES = List.of(
            b -> b.signingMode(SigningMode.ALG_NONE),
            b -> b.signingMode(SigningMode.WRONG_KEY),
            b -> b.customizeIdTokens(claims -> new JWTClaimsSet.Builder(claims).issuer("https://attacker.example").build()),
            b -> b.customizeIdTokens(claims -> new JWTClaimsSet.Builder(claims).claim("nonce", "not-this-login").build()));

    @Test
    void givenChecksSwitchedOffThroughTheAdminApi_thenTheStoredValuesAreTheEnforcedOnesAndForgeriesAreRefused() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        hf.realm().updateHuggingFaceConfig(CHECKS_OFF);

        JsonNode stored = hf.realm().identityProvider().get("config");
        assertEquals("true", stored.get("validateSignature").asText(), "saving writes the enforced value back");
        assertEquals(hf.huggingFace().baseUrl(), stored.get("issuer").asText());
        assertEquals("false", stored.get("disableNonce").asText());
        assertEquals("S256", stored.get("pkceMethod").asText());
        assertForgeriesRefusedAndChecksStillSent(hf);
        SecurityCases.observe("config-checks-off-admin-api",
                "signature validation, JWKS, issuer, nonce, PKCE S256 and userinfo switched off in the stored configuration through the admin API",
                "accepted as saved but stored as enforced; 4 forged ID tokens (alg none, unknown key, other issuer, other nonce) refused; S256 and nonce still sent");
    }

    @Test
    void givenChecksSwitchedOffInARealmImport_thenTheProviderIgnoresThemAndForgeriesAreRefused() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        ObjectNode idp = (ObjectNode) hf.realm().identityProvider();
        ObjectNode config = (ObjectNode) idp.get("config");
        CHECKS_OFF.forEach(config::put);
        config.put("clientSecret", hf.hfClientSecret()); // the admin API shows it masked
        hf.realm().importOverwritingIdentityProvider(idp);

        JsonNode stored = hf.realm().identityProvider().get("config");
        assertEquals("true", stored.path("validateSignature").asText(), "the import stores the enforced value too");
        assertEquals("S256", stored.path("pkceMethod").asText());
        assertForgeriesRefusedAndChecksStillSent(hf);
        SecurityCases.observe("config-checks-off-realm-import",
                "the same values brought in by a partial realm import",
                "stored as enforced; 4 forged ID tokens refused; S256 and nonce still sent");
    }

    private static void assertForgeriesRefusedAndChecksStillSent(HuggingFaceFixture hf) {
        int users = hf.realm().users().size();
        for (Consumer<StandInBehaviour> forgery : FORGERIES) {
            HfUser user = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("forged" + System.nanoTime())).name("Forged"));
            hf.huggingFace().behaviour().reset();
            forgery.accept(hf.huggingFace().behaviour());
            hf.realm().clearEvents();
            Refusal.assertRefused(Attempt.signIn(hf, user.preferredUsername()).end(), hf.realm(), users);
        }
        hf.huggingFace().behaviour().reset();
        List<RecordedRequest> authorize = hf.requests("/oauth/authorize");
        RecordedRequest last = authorize.get(authorize.size() - 1);
        assertEquals("S256", last.param("code_challenge_method"));
        assertNotNull(last.param("nonce"));
        HfUser honest = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("honest")).name("Honest User"));
        assertTrue(Attempt.signIn(hf, honest.preferredUsername()).end().inApp(), "an honest sign-in still works");
        assertEquals(1, hf.huggingFace().requests("/oauth/userinfo").size(), "and still calls userinfo");
    }
}
