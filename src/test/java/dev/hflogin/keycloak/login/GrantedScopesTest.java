package dev.hflogin.keycloak.login;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantedScopesTest {

    private static final List<String> REQUIRED = List.of("openid", "read-memberships");

    @ParameterizedTest(name = "granted [{0}] -> missing [{1}]")
    @CsvSource(delimiter = '|', value = {
            "openid profile email read-memberships|",
            "read-memberships openid|",
            "openid,profile,read-memberships|",
            "openid profile email|read-memberships",
            "profile email|openid;read-memberships",
            "openid read-membership|read-memberships",
            "openid READ-MEMBERSHIPS|read-memberships"})
    void givenReportedScopes_thenTheRequiredOnesNotGrantedAreMissing(String reported, String missing) {
        List<String> expected = missing == null ? List.of() : Arrays.asList(missing.split(";"));
        GrantedScopes granted = GrantedScopes.of(reported);
        assertTrue(granted.reported());
        assertEquals(expected, granted.missing(REQUIRED));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void givenHuggingFaceReportsNoScope_thenNothingCanBeCheckedHere(String reported) {
        GrantedScopes granted = GrantedScopes.of(reported);
        assertFalse(granted.reported());
        assertEquals(List.of(), granted.missing(REQUIRED));
    }

    @Test
    void givenBlankScope_thenItCountsAsNotReported() {
        assertFalse(GrantedScopes.of("   ").reported());
    }
}
