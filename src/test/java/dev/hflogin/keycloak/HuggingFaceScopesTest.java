package dev.hflogin.keycloak;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HuggingFaceScopesTest {

    @Test
    void givenNothingConfigured_thenOpenidProfileEmail() {
        assertEquals("openid profile email", HuggingFaceScopes.effective(null, List.of(), false));
        assertEquals("openid profile email", HuggingFaceScopes.effective("  ", null, false));
    }

    @Test
    void givenScopesField_thenItReplacesTheDefaultAndOpenidStaysFirst() {
        assertEquals("openid profile", HuggingFaceScopes.effective("profile", List.of(), false));
        assertEquals("openid profile", HuggingFaceScopes.effective("profile openid", List.of(), false));
    }

    @Test
    void givenAdditionalScopesAndAllowList_thenEachScopeIsSentOnce() {
        assertEquals("openid profile email read-repos read-memberships",
                HuggingFaceScopes.effective("openid profile email", List.of("read-repos", " read-memberships "), true));
        assertEquals("openid profile read-memberships", HuggingFaceScopes.effective("openid profile", List.of(), true));
    }
}
