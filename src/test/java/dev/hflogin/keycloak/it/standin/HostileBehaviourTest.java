package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The misbehaviour switches in StandInBehaviour. */
class HostileBehaviourTest {

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
    void customizerRewritesIdTokenClaims() throws Exception {
        standIn.behaviour().customizeIdTokens(claims -> new JWTClaimsSet.Builder(claims)
                .issuer("https://huggingface.co").audience("someone-else").build());
        JWTClaimsSet claims = IdTokenAndKeysTest.verify(idToken(), jwks());
        assertEquals("https://huggingface.co", claims.getIssuer());
        assertEquals("someone-else", claims.getAudience().get(0));
        standIn.behaviour().reset();
        assertEquals(standIn.issuer(), IdTokenAndKeysTest.verify(idToken(), jwks()).getIssuer());
    }

    @Test
    void algNoneTokensAreUnsigned() throws Exception {
        standIn.behaviour().signingMode(SigningMode.ALG_NONE);
        JWT jwt = JWTParser.parse(idToken());
        assertTrue(jwt instanceof PlainJWT);
        assertThrows(BadJOSEException.class, () -> IdTokenAndKeysTest.verify(jwt.serialize(), jwks()));
    }

    @Test
    void wrongKeyTokensFailVerificationUnderThePublishedKid() throws Exception {
        standIn.behaviour().signingMode(SigningMode.WRONG_KEY);
        String token = idToken();
        assertEquals(standIn.publishedKeyIds().get(0), SignedJWT.parse(token).getHeader().getKeyID());
        assertThrows(BadJOSEException.class, () -> IdTokenAndKeysTest.verify(token, jwks()));
    }

    @Test
    void noKidTokensAreSignedByTheCurrentKeyWithoutKid() throws Exception {
        standIn.behaviour().signingMode(SigningMode.NO_KID);
        SignedJWT jwt = SignedJWT.parse(idToken());
        assertNull(jwt.getHeader().getKeyID());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        IdTokenAndKeysTest.verify(jwt.serialize(), jwks());
    }

    @Test
    void cannedTokenResponseIsSentOnceAndLeavesTheCodeUnused() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid"), "ada");
        standIn.behaviour().replaceNextTokenResponse(
                CannedResponse.of(502, "text/html", "<h1>Bad gateway</h1>").after(Duration.ofMillis(200)));
        long started = System.nanoTime();
        HttpResponse<String> canned = client.redeem(code, null);
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos());
        assertEquals(502, canned.statusCode());
        assertEquals("<h1>Bad gateway</h1>", canned.body());
        assertEquals("true", standIn.requests("/oauth/token").get(0).note("canned"));
        assertEquals("canned reply 502 after 200 ms", standIn.requests("/oauth/token").get(0).fault());
        assertEquals(200, client.redeem(code, null).statusCode());
    }

    @Test
    void cannedUserInfoResponseAndForeignSub() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid profile"), "ada");
        String accessToken = StandInTestClient.json(client.redeem(code, null)).get("access_token").asText();

        standIn.behaviour().replaceNextUserInfoResponse(CannedResponse.json(200, "{\"sub\":42}"));
        assertEquals("{\"sub\":42}", client.userInfo(accessToken).body());

        standIn.behaviour().userInfoSub("000000000000000000000000");
        assertEquals("000000000000000000000000",
                StandInTestClient.json(client.userInfo(accessToken)).get("sub").asText());
        standIn.behaviour().reset();
        assertEquals(DemoUsers.ADA_SUB, StandInTestClient.json(client.userInfo(accessToken)).get("sub").asText());
        assertEquals(Arrays.asList("canned reply 200", "userinfo sub replaced", null),
                standIn.requests("/oauth/userinfo").stream().map(RecordedRequest::fault).toList());
    }

    @Test
    void noKidUnpublishedKeyTokensHaveNoKidAndFailVerification() throws Exception {
        standIn.behaviour().signingMode(SigningMode.NO_KID_UNPUBLISHED_KEY);
        String token = idToken();
        assertNull(SignedJWT.parse(token).getHeader().getKeyID());
        assertThrows(BadJOSEException.class, () -> IdTokenAndKeysTest.verify(token, jwks()));
    }

    @Test
    void cannedJwksResponseIsSentOnceThenTheKeysAgain() throws Exception {
        standIn.behaviour().replaceNextJwksResponse(
                CannedResponse.of(503, "text/html", "<h1>Service unavailable</h1>").after(Duration.ofMillis(200)));
        long started = System.nanoTime();
        HttpResponse<String> canned = client.get(standIn.jwksUri());
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos());
        assertEquals(503, canned.statusCode());
        assertEquals("<h1>Service unavailable</h1>", canned.body());
        assertEquals("true", standIn.requests("/oauth/jwks").get(0).note("canned"));
        assertEquals("canned reply 503 after 200 ms", standIn.requests("/oauth/jwks").get(0).fault());

        HttpResponse<String> real = client.get(standIn.jwksUri());
        assertEquals(200, real.statusCode());
        assertEquals(standIn.publishedKeyIds().get(0), JWKSet.parse(real.body()).getKeys().get(0).getKeyID());
    }

    @Test
    void resetDropsAPendingCannedJwksResponse() throws Exception {
        standIn.behaviour().replaceNextJwksResponse(CannedResponse.json(500, "{}"));
        standIn.behaviour().reset();
        assertEquals(200, client.get(standIn.jwksUri()).statusCode());
    }

    @Test
    void honestRepliesCarryNoFaultMark() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid profile"), "ada");
        String accessToken = StandInTestClient.json(client.redeem(code, null)).get("access_token").asText();
        assertEquals(200, client.userInfo(accessToken).statusCode());
        jwks();
        // a customizer that changes nothing serves no fault either
        standIn.behaviour().customizeIdTokens(claims -> new JWTClaimsSet.Builder(claims).build());
        idToken();

        List<RecordedRequest> requests = standIn.requests();
        assertEquals(List.of("/oauth/authorize", "/oauth/authorize/decision", "/oauth/token", "/oauth/userinfo",
                "/oauth/jwks", "/oauth/authorize", "/oauth/authorize/decision", "/oauth/token"),
                requests.stream().map(RecordedRequest::path).toList());
        assertEquals(List.of(), requests.stream().filter(r -> r.fault() != null).toList());
    }

    @Test
    void everyIdTokenMisbehaviourMarksTheTokenReply() throws Exception {
        standIn.behaviour().customizeIdTokens(claims -> new JWTClaimsSet.Builder(claims).claim("nonce", null).build());
        assertEquals("ID token claims altered", faultOfTokenReply());
        standIn.behaviour().reset();

        for (SigningMode mode : List.of(SigningMode.NO_KID, SigningMode.WRONG_KEY,
                SigningMode.NO_KID_UNPUBLISHED_KEY, SigningMode.ALG_NONE)) {
            standIn.behaviour().signingMode(mode);
            assertEquals("ID token signing " + mode, faultOfTokenReply());
        }
        standIn.behaviour().reset();

        standIn.behaviour().reportGrantedScope(false);
        assertEquals("token response without scope", faultOfTokenReply());
        standIn.behaviour().reset();

        standIn.rotateKeys(false);
        assertEquals("ID token signed by rotated key " + standIn.publishedKeyIds().get(0), faultOfTokenReply());
    }

    @Test
    void hostileClaimsOfAUserMarkItsTokenAndUserInfoReplies() throws Exception {
        standIn.userBySub(DemoUsers.ADA_SUB).orElseThrow().hostileClaims("a 300-character handle");
        String code = client.code(StandInTestClient.authorizeParams("openid profile"), "ada");
        String accessToken = StandInTestClient.json(client.redeem(code, null)).get("access_token").asText();
        client.userInfo(accessToken);

        assertEquals("hostile claims: a 300-character handle", standIn.requests("/oauth/token").get(0).fault());
        assertEquals("hostile claims: a 300-character handle", standIn.requests("/oauth/userinfo").get(0).fault());
        assertNull(standIn.requests("/oauth/authorize").get(0).fault(), "only replies carrying the claims");
    }

    @Test
    void delaysAreBounded() {
        assertThrows(IllegalArgumentException.class,
                () -> CannedResponse.json(200, "{}").after(Duration.ofMinutes(5)));
    }

    /** The fault mark of the token reply of one fresh login. */
    private String faultOfTokenReply() throws Exception {
        standIn.clearRequests();
        idToken();
        return standIn.requests("/oauth/token").get(0).fault();
    }

    private String idToken() throws Exception {
        String code = client.code(StandInTestClient.authorizeParams("openid profile"), "ada");
        return StandInTestClient.json(client.redeem(code, null)).get("id_token").asText();
    }

    private JWKSet jwks() throws Exception {
        return JWKSet.parse(client.get(standIn.jwksUri()).body());
    }
}
