package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scan the end of the run makes over logs and pages: finds a secret wherever it sits, names it masked. */
class SecretEchoesTest {

    private static final String ACCESS = "hf_oauth_0123456789abcdef0123456789abcdef01234567";
    private static final String REFRESH = "hf_oauth_refresh_89abcdef0123456789abcdef0123456789abcdef";

    @Test
    void givenATokenInsideALogLine_thenItIsFoundAndReportedMasked() {
        String log = "2026-12-01 INFO  [x] refreshed token=" + ACCESS + "&scope=openid\n";
        assertEquals(List.of("hf_o…(49 characters)"), SecretEchoes.findIn(log, List.of(ACCESS, REFRESH)));
    }

    @Test
    void givenOnlyPartOfAToken_thenNothingIsFound() {
        String log = "token " + ACCESS.substring(0, 30) + " and " + REFRESH.substring(5);
        assertEquals(List.of(), SecretEchoes.findIn(log, List.of(ACCESS, REFRESH)));
    }

    @Test
    void givenTwoSecretsSharingTheirEnd_thenEachIsCheckedWhole() {
        String other = "another-" + ACCESS.substring(ACCESS.length() - 20);
        assertEquals(List.of("anot…(28 characters)"), SecretEchoes.findIn("x" + other + "y", List.of(ACCESS, other)));
    }
}
