package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery, JWKS, ID token contents and signature, key rotation. */
class IdTokenAndKeysTest {

    private HuggingFaceStandIn standIn;
    private StandInTestClient client;

    @BeforeEach
    void start() {
        standIn = StandInTestClient.startWithTestApp("openid", "profile", "email", "read-memberships", "read-billing");
        client = new StandInTestClient(standIn);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void discoveryDescribesTheStandIn() throws Exception {
        HttpResponse<String> response = client.get(standIn.discoveryUrl());
        assertEquals(200, response.statusCode());
        JsonNode doc = StandInTestClient.json(response);
        String base = standIn.baseUrl();
        assertTrue(base.matches("http://127\\.0\\.0\\.1:\\d+"), base);
        assertEquals(base, doc.get("issuer").asText());
        assertEquals(base + "/oauth/authorize", doc.get("authorization_endpoint").asText());
        assertEquals(base + "/oauth/token", doc.get("token_endpoint").asText());
        assertEquals(base + "/oauth/userinfo", doc.get("userinfo_endpoint").asText());
        assertEquals(base + "/oauth/jwks", doc.get("jwks_uri").asText());
        assertEquals("[\"code\"]", doc.get("response_types_supported").toString());
        assertEquals("[\"S256\"]", doc.get("code_challenge_methods_supported").toString());
        assertEquals("[\"RS256\"]", doc.get("id_token_signing_alg_values_supported").toString());
        assertEquals("[\"public\"]", doc.get("subject_types_supported").toString());
        assertEquals("[\"client_secret_basic\",\"client_secret_post\"]",
                doc.get("token_endpoint_auth_methods_supported").toString());
        assertTrue(doc.get("scopes_supported").toString().contains("read-memberships"));
        assertTrue(doc.get("grant_types_supported").toString().contains("refresh_token"));
    }

    @Test
    void idTokenVerifiesAgainstJwksAndCarriesTheProfileSubsetOnly() throws Exception {
        String idToken = idToken("openid profile email read-memberships read-billing");
        JWTClaimsSet claims = verify(idToken, fetchJwks());

        assertEquals(standIn.baseUrl(), claims.getIssuer());
        assertEquals(List.of(StandInTestClient.CLIENT_ID), claims.getAudience());
        assertEquals(DemoUsers.ADA_SUB, claims.getSubject());
        assertEquals("nonce-456", claims.getStringClaim("nonce"));
        assertTrue(claims.getLongClaim("auth_time") > 0);
        long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
        assertEquals(3_600_000L, lifetime);
        assertEquals("ada", claims.getStringClaim("preferred_username"));
        assertEquals("Ada Lovelace", claims.getStringClaim("name"));
        assertEquals("ada@example.com", claims.getStringClaim("email"));
        assertTrue(claims.getBooleanClaim("email_verified"));
        assertNull(claims.getClaim("orgs"));
        assertNull(claims.getClaim("isPro"));
        assertNull(claims.getClaim("canPay"));

        SignedJWT jwt = SignedJWT.parse(idToken);
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertEquals(standIn.publishedKeyIds().get(0), jwt.getHeader().getKeyID());
    }

    @Test
    void idTokenWithoutEmailScopeHasNoEmail() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(idToken("openid profile")).getJWTClaimsSet();
        assertNull(claims.getClaim("email"));
        assertEquals("ada", claims.getStringClaim("preferred_username"));
    }

    @Test
    void jwksPublishesPublicRs256SigningKeys() throws Exception {
        JWKSet jwks = fetchJwks();
        assertEquals(1, jwks.getKeys().size());
        RSAKey key = (RSAKey) jwks.getKeys().get(0);
        assertFalse(key.isPrivate());
        assertEquals(KeyUse.SIGNATURE, key.getKeyUse());
        assertEquals(JWSAlgorithm.RS256, key.getAlgorithm());
        assertTrue(key.getKeyID() != null && !key.getKeyID().isEmpty());
        assertFalse(client.get(standIn.jwksUri()).body().contains("\"d\""));
    }

    @Test
    void keyRotationPublishesBothKeysAndSignsWithTheNewOne() throws Exception {
        String oldToken = idToken("openid");
        String oldKid = standIn.publishedKeyIds().get(0);
        standIn.rotateKeys();

        JWKSet jwks = fetchJwks();
        assertEquals(2, jwks.getKeys().size());
        String newKid = standIn.publishedKeyIds().get(0);
        assertNotEquals(oldKid, newKid);
        assertTrue(jwks.getKeyByKeyId(oldKid) != null && jwks.getKeyByKeyId(newKid) != null);

        String newToken = idToken("openid");
        assertEquals(newKid, SignedJWT.parse(newToken).getHeader().getKeyID());
        verify(oldToken, jwks);
        verify(newToken, jwks);

        standIn.rotateKeys(false);
        assertEquals(1, fetchJwks().getKeys().size());
    }

    private String idToken(String scope) throws Exception {
        String code = client.code(StandInTestClient.authorizeParams(scope), "ada");
        return StandInTestClient.json(client.redeem(code, null)).get("id_token").asText();
    }

    private JWKSet fetchJwks() throws Exception {
        HttpResponse<String> response = client.get(standIn.jwksUri());
        assertEquals(200, response.statusCode());
        return JWKSet.parse(response.body());
    }

    static JWTClaimsSet verify(String idToken, JWKSet jwks) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        return processor.process(idToken, null);
    }
}
