package dev.hflogin.keycloak.login;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.UserModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The email switch between Keycloak 26.0-26.2 and 26.3+, on every build (the matrix runs the old servers). */
class LegacyTrustEmailGuardTest {

    /** The shape of Keycloak 26.0-26.2's base class for this switch: it updates the email, with no hook to ask the provider. */
    abstract static class AbstractIdentityProviderOf26_2 {
        protected void updateEmail(UserModel user, BrokeredIdentityContext context) {
        }
    }

    @Test
    void givenTheKeycloakApiCompiledAgainst_thenItHasTheHook_andOlderShapesDoNot() {
        assertTrue(LegacyTrustEmailGuard.declaresSetEmailVerified(AbstractIdentityProvider.class),
                "Keycloak 26.3+ (here " + org.keycloak.common.Version.VERSION + ") asks the provider through setEmailVerified");
        assertFalse(LegacyTrustEmailGuard.declaresSetEmailVerified(AbstractIdentityProviderOf26_2.class));
    }

    @ParameterizedTest(name = "Keycloak calls the hook {0}, HF verified {1} -> note {2}")
    @CsvSource({"false,false,true", "false,true,false", "true,false,false", "true,true,false"})
    void givenServerAndHuggingFacesVerification_thenTheNoteIsSetOnlyForAnUnverifiedEmailOnOldServers(
            boolean keycloakCallsHook, boolean verifiedByHuggingFace, boolean note) {
        assertEquals(note, LegacyTrustEmailGuard.marksEmailChanged(keycloakCallsHook, verifiedByHuggingFace));
    }

    @Test
    void givenTheNotesName_thenItIsKeycloaksOwn() {
        assertEquals(AbstractIdentityProvider.UPDATE_PROFILE_EMAIL_CHANGED, LegacyTrustEmailGuard.EMAIL_CHANGED_NOTE);
    }
}
