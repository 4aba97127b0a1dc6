package dev.hflogin.keycloak.it;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import dev.hflogin.keycloak.it.standin.SigningMode;
import dev.hflogin.keycloak.it.standin.StandInBehaviour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenID Connect relying-party conformance (the rp-* cases of the OpenID certification suite) for
 * the ID token and userinfo: Hugging Face's stand-in answers wrongly, Keycloak must refuse.
 */
@ExtendWith(LiveEnvironment.class)
class IdTokenConformanceIT {

    /** One hostile answer: the case ID and Hostile input cell in docs/security-cases.md, and how the stand-in misbehaves. */
    record HostileAnswer(String caseId, String hostileInput, String description, Consumer<StandInBehaviour> apply) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<HostileAnswer> hostileAnswers() {
        Instant now = Instant.now();
        return Stream.of(
                new HostileAnswer("rp-id_token-bad-sig-rs256", "ID token signed by a key not in the JWKS, under a published kid",
                        "an ID token signed by a key not in the JWKS",
                        b -> b.signingMode(SigningMode.WRONG_KEY)),
                new HostileAnswer("rp-id_token-sig-none", "unsigned ID token, `alg: none`",
                        "an unsigned ID token (alg none)",
                        b -> b.signingMode(SigningMode.ALG_NONE)),
                new HostileAnswer("rp-id_token-issuer-mismatch", "`iss` is `https://huggingface.co`, not the configured base URL",
                        "an ID token from another issuer",
                        b -> b.customizeIdTokens(claims(c -> c.issuer("https://huggingface.co")))),
                new HostileAnswer("rp-id_token-aud-mismatch", "`aud` is another client",
                        "an ID token for another client",
                        b -> b.customizeIdTokens(claims(c -> c.audience("someone-elses-app")))),
                new HostileAnswer("rp-id_token-iat", "no `iat`",
                        "an ID token without iat",
                        b -> b.customizeIdTokens(claims(c -> c.issueTime(null)))),
                new HostileAnswer("rp-id_token-sub", "no `sub`",
                        "an ID token without sub",
                        b -> b.customizeIdTokens(claims(c -> c.subject(null)))),
                new HostileAnswer("id_token-expired", "`exp` a minute in the past",
                        "an ID token that expired a minute ago",
                        b -> b.customizeIdTokens(claims(c -> c.issueTime(Date.from(now.minus(Duration.ofHours(1))))
                                .expirationTime(Date.from(now.minus(Duration.ofMinutes(1))))))),
                new HostileAnswer("rp-nonce-invalid", "`nonce` of another login",
                        "an ID token with another login's nonce",
                        b -> b.customizeIdTokens(claims(c -> c.claim("nonce", "nonce-of-another-login")))),
                new HostileAnswer("rp-nonce-missing", "no `nonce`",
                        "an ID token without nonce",
                        b -> b.customizeIdTokens(claims(c -> c.claim("nonce", null)))),
                new HostileAnswer("rp-userinfo-bad-sub-claim", "userinfo `sub` differs from the ID token's",
                        "userinfo naming another user than the ID token",
                        b -> b.userInfoSub("000000000000000000000000")));
    }

    @ParameterizedTest(name = "given {0}, then the login is refused and no user is created")
    @MethodSource("hostileAnswers")
    void givenHostileAnswer_thenTheLoginIsRefusedAndNoUserIsCreated(HostileAnswer hostile) {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        hostile.apply().accept(hf.huggingFace().behaviour());

        Refusal refusal = Refusal.assertRefused(Attempt.signIn(hf, ada.preferredUsername()).end(), hf.realm(), 0);

        assertEquals(1, hf.requests("/oauth/token").size(), "the code was exchanged once, then Keycloak refused");
        SecurityCases.observeRefusedUpstreamFault(hf.huggingFace(), hostile.caseId(), hostile.hostileInput(), refusal.outcome());
    }

    @Test
    void givenALogin_thenUserinfoGetsTheAccessTokenAsBearerHeaderAndNeverInTheUrlOrBody() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();

        EndPage end = Attempt.signIn(hf, ada.preferredUsername()).end();

        assertTrue(end.inApp(), end.toString());
        List<RecordedRequest> userInfo = hf.huggingFace().requests("/oauth/userinfo");
        assertEquals(1, userInfo.size(), "one userinfo call");
        RecordedRequest call = userInfo.get(0);
        assertEquals(200, call.status());
        assertEquals("GET", call.method());
        assertTrue(call.header("Authorization").matches("Bearer hf_oauth_[0-9a-f]+"), call.header("Authorization"));
        assertNull(call.query().get("access_token"), "no token in the URL");
        assertFalse(call.form().containsKey("access_token"), "no token in a form body");
        SecurityCases.observe("rp-userinfo-bearer-header", "(normal login) how Keycloak sends the access token to userinfo",
                "accepted: token sent only as Authorization: Bearer");
    }

    private static UnaryOperator<JWTClaimsSet> claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return original -> change.apply(new JWTClaimsSet.Builder(original)).build();
    }
}
