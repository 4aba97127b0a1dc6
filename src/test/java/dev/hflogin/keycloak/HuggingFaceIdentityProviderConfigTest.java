package dev.hflogin.keycloak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.IdentityProviderModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HuggingFaceIdentityProviderConfigTest {

    private static HuggingFaceIdentityProviderConfig stored(Map<String, String> values) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("huggingface");
        model.setProviderId(HuggingFaceIdentityProviderFactory.PROVIDER_ID);
        model.setConfig(new HashMap<>(values));
        return new HuggingFaceIdentityProviderConfig(model);
    }

    @Test
    void givenStoredConfigThatTurnsSecurityOff_thenTheGettersStillEnforceIt() {
        HuggingFaceIdentityProviderConfig config = stored(Map.of(
                "validateSignature", "false",
                "useJwksUrl", "false",
                "jwksUrl", "https://evil.example/jwks",
                "issuer", "https://evil.example",
                "disableNonce", "true",
                "disableUserInfo", "true",
                "pkceMethod", "plain",
                "authorizationUrl", "https://evil.example/authorize",
                "tokenUrl", "https://evil.example/token",
                "userInfoUrl", "https://evil.example/userinfo"));

        assertTrue(config.isValidateSignature());
        assertTrue(config.isUseJwksUrl());
        assertEquals("https://huggingface.co/oauth/jwks", config.getJwksUrl());
        assertEquals("https://huggingface.co", config.getIssuer());
        assertFalse(config.isDisableNonce());
        assertFalse(config.isDisableUserInfoService());
        assertEquals("S256", config.getPkceMethod());
        assertEquals("https://huggingface.co/oauth/authorize", config.getAuthorizationUrl());
        assertEquals("https://huggingface.co/oauth/token", config.getTokenUrl());
        assertEquals("https://huggingface.co/oauth/userinfo", config.getUserInfoUrl());
        assertFalse(config.isAccessTokenJwt());
    }

    @Test
    void givenEnforcedSettingsApplied_thenTheStoredMapShowsThem() {
        HuggingFaceIdentityProviderConfig config = stored(Map.of("validateSignature", "false", "baseUrl", "http://127.0.0.1:9/"));
        config.applyEnforcedSettings();
        Map<String, String> map = config.getConfig();
        assertEquals("true", map.get("validateSignature"));
        assertEquals("http://127.0.0.1:9", map.get("issuer"));
        assertEquals("http://127.0.0.1:9/oauth/jwks", map.get("jwksUrl"));
        assertEquals("S256", map.get("pkceMethod"));
        assertEquals("true", map.get("pkceEnabled"));
        assertEquals("client_secret_basic", map.get("clientAuthMethod"));
    }

    @Test
    void givenBaseUrl_thenEveryEndpointAndTheIssuerFollowIt() {
        HuggingFaceIdentityProviderConfig config = stored(Map.of("baseUrl", "http://127.0.0.1:8085/"));
        assertEquals("http://127.0.0.1:8085", config.getIssuer());
        assertEquals("http://127.0.0.1:8085/oauth/token", config.getTokenUrl());
        assertEquals("http://127.0.0.1:8085/oauth/jwks", config.getJwksUrl());
    }

    @ParameterizedTest(name = "pkceEnabled={0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {"NULL,true", "true,true", "TRUE,true", "false,false", "False,false", "garbage,true"})
    void givenPkceSetting_thenPkceIsOnUnlessExplicitlyOff(String stored, boolean expected) {
        Map<String, String> values = new HashMap<>();
        if (stored != null) {
            values.put("pkceEnabled", stored);
        }
        assertEquals(expected, stored(values).isPkceEnabled());
    }

    @ParameterizedTest(name = "clientAuthMethod={0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL,client_secret_basic",
            "client_secret_basic,client_secret_basic",
            "client_secret_post,client_secret_post",
            "private_key_jwt,client_secret_basic",
            "client_secret_jwt,client_secret_basic"})
    void givenClientAuthMethod_thenOnlyBasicOrPostIsUsed(String stored, String expected) {
        Map<String, String> values = new HashMap<>();
        if (stored != null) {
            values.put("clientAuthMethod", stored);
        }
        HuggingFaceIdentityProviderConfig config = stored(values);
        assertEquals(expected, config.getClientAuthMethod());
        assertFalse(config.isJWTAuthentication());
    }

    @Test
    void givenAllowedOrganizationsAndAdditionalScopes_thenTheyAreReadFromTheAdminConsoleFormat() {
        HuggingFaceIdentityProviderConfig config = stored(Map.of(
                "allowedOrganizations", "huggingface##64a0b1c2d3e4f5a6b7c8d9e0## ",
                "additionalScopes", "read-repos##inference-api",
                "defaultScope", "openid profile email"));
        assertEquals(List.of("huggingface", "64a0b1c2d3e4f5a6b7c8d9e0"), config.getAllowedOrganizations().entries());
        assertEquals(List.of("read-repos", "inference-api"), config.getAdditionalScopes());
        assertEquals("openid profile email read-repos inference-api read-memberships", config.getEffectiveScope(() -> false));
    }

    @Test
    void givenCommaSeparatedOrganizations_thenTheyAreAcceptedToo() {
        assertEquals(List.of("a", "b"), stored(Map.of("allowedOrganizations", "a, b")).getAllowedOrganizations().entries());
    }

    /** The organization-mapper question costs a database query: asked only when its answer changes the scope. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                              | openid profile email | false | true  | openid profile email read-memberships",
            "''                              | openid profile email | false | false | openid profile email",
            "analytical-engines              | openid profile email | true  | false | openid profile email read-memberships",
            "''                              | openid read-memberships | true | false | openid read-memberships",
    })
    void givenAllowListAndScopes_thenTheMappersAreAskedOnlyWhenTheyDecide(String allowList, String scopes,
                                                                          boolean decidedWithoutMappers,
                                                                          boolean organizationMappers, String expected) {
        HuggingFaceIdentityProviderConfig config = stored(Map.of("allowedOrganizations", allowList, "defaultScope", scopes));
        boolean[] asked = {false};
        assertEquals(expected, config.getEffectiveScope(() -> {
            asked[0] = true;
            return organizationMappers;
        }));
        assertEquals(!decidedWithoutMappers, asked[0]);
    }
}
