package dev.hflogin.keycloak;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HuggingFaceIdentityProviderFactoryTest {

    private final HuggingFaceIdentityProviderFactory factory = new HuggingFaceIdentityProviderFactory();

    @Test
    void givenFactory_thenItIsHuggingFace() {
        assertEquals("huggingface", factory.getId());
        assertEquals("Hugging Face", factory.getName());
    }

    @Test
    void givenNewConfig_thenOnlyClientIdAndSecretAreMissing() {
        Map<String, String> config = factory.createConfig().getConfig();
        assertEquals("openid profile email", config.get("defaultScope"));
        assertEquals("https://huggingface.co/oauth/authorize", config.get("authorizationUrl"));
        assertEquals("https://huggingface.co/oauth/token", config.get("tokenUrl"));
        assertEquals("https://huggingface.co/oauth/userinfo", config.get("userInfoUrl"));
        assertEquals("https://huggingface.co/oauth/jwks", config.get("jwksUrl"));
        assertEquals("https://huggingface.co", config.get("issuer"));
        assertEquals("true", config.get("validateSignature"));
        assertEquals("true", config.get("pkceEnabled"));
        assertEquals("S256", config.get("pkceMethod"));
        assertEquals("client_secret_basic", config.get("clientAuthMethod"));
    }

    @Test
    void givenConfigProperties_thenEachHasLabelHelpAndType() {
        Map<String, ProviderConfigProperty> byName = factory.getConfigProperties().stream()
                .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> p));
        assertEquals(List.of("allowedOrganizations", "enforceSecurityRestrictions", "additionalScopes", "pkceEnabled", "clientAuthMethod", "baseUrl",
                "recheckMembership", "recheckIntervalSeconds", "recheckGraceSeconds", "recheckAfterGrace"),
                factory.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList());
        for (ProviderConfigProperty property : byName.values()) {
            // Message keys, translated by the admin console (see MessagesTest for the texts).
            assertTrue(property.getLabel().startsWith("hf"), property.getName());
            assertEquals(property.getLabel() + "Help", property.getHelpText(), property.getName());
        }
        assertEquals(ProviderConfigProperty.MULTIVALUED_STRING_TYPE, byName.get("allowedOrganizations").getType());
        assertEquals(ProviderConfigProperty.MULTIVALUED_LIST_TYPE, byName.get("additionalScopes").getType());
        assertEquals(ProviderConfigProperty.BOOLEAN_TYPE, byName.get("pkceEnabled").getType());
        assertEquals("true", byName.get("pkceEnabled").getDefaultValue());
        assertEquals(ProviderConfigProperty.LIST_TYPE, byName.get("clientAuthMethod").getType());
        assertEquals(List.of("client_secret_basic", "client_secret_post"), byName.get("clientAuthMethod").getOptions());
        assertEquals(ProviderConfigProperty.STRING_TYPE, byName.get("baseUrl").getType());
    }

}
