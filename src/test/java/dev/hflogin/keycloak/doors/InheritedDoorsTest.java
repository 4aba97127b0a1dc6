package dev.hflogin.keycloak.doors;

import dev.hflogin.keycloak.HuggingFaceIdentityProviderConfig;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderType;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Which of Keycloak's identity-provider kinds the provider admits, and what a stored config cannot reopen. */
class InheritedDoorsTest {

    @Test
    void givenEveryKindKeycloakKnows_thenOnlyTheBrowserSignInAndTheGeneralKindAreAdmitted() {
        List<String> admitted = Arrays.stream(IdentityProviderType.values()).map(Enum::name)
                .filter(InheritedDoors::admits).toList();
        assertEquals(List.of("ANY", "USER_AUTHENTICATION"), admitted);
    }

    @Test
    void givenTheDoorsSwitchedOnInTheStoredMap_thenTheConfigReadsThemShutAndEnforcingStoresThemShut() {
        HuggingFaceIdentityProviderConfig config = new HuggingFaceIdentityProviderConfig();
        config.getConfig().put("jwtAuthorizationGrantEnabled", "true");
        config.getConfig().put("supportsClientAssertions", "true");

        assertFalse(config.isJWTAuthorizationGrantEnabled());
        assertFalse(config.isSupportsClientAssertions());

        config.applyEnforcedSettings();
        assertEquals("false", config.getConfig().get("jwtAuthorizationGrantEnabled"));
        assertEquals("false", config.getConfig().get("supportsClientAssertions"));
    }
}
