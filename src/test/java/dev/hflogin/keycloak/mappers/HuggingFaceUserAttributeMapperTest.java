package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.TestJson;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HuggingFaceUserAttributeMapperTest {

    private final HuggingFaceUserAttributeMapper mapper = new HuggingFaceUserAttributeMapper();

    private static BrokeredIdentityContext adaSignsIn() {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias("huggingface");
        idp.setEnabled(true);
        BrokeredIdentityContext context = new BrokeredIdentityContext("63f1c2a9e4b0d1a2b3c4d5e6", idp);
        context.getContextData().put(OIDCIdentityProvider.USER_INFO, TestJson.resource("userinfo-ada.json"));
        return context;
    }

    private static IdentityProviderMapperModel mapping(String jsonField, String attribute) {
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setName(attribute);
        model.setIdentityProviderMapper(HuggingFaceUserAttributeMapper.PROVIDER_ID);
        // No Keycloak here to declare the attribute in a user profile: the ITs show that part.
        model.setConfig(Map.of("jsonField", jsonField, "userAttribute", attribute, "declareInUserProfile", "false"));
        return model;
    }

    @Test
    void givenMapper_thenItUsesTheConfigKeysOfKeycloaksOwnAttributeMapper() {
        assertEquals("huggingface-user-attribute-mapper", mapper.getId());
        assertArrayEquals(new String[]{"huggingface"}, mapper.getCompatibleProviders());
        assertEquals(List.of(AbstractJsonUserAttributeMapper.CONF_JSON_FIELD, AbstractJsonUserAttributeMapper.CONF_USER_ATTRIBUTE,
                        "declareInUserProfile"),
                mapper.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList());
    }

    @Test
    void givenPictureAndIsPro_thenTheyBecomeUserAttributesOfTheNewUser() {
        BrokeredIdentityContext context = adaSignsIn();
        mapper.preprocessFederatedIdentity(null, null, mapping("picture", "picture"), context);
        mapper.preprocessFederatedIdentity(null, null, mapping("isPro", "hf_is_pro"), context);
        mapper.preprocessFederatedIdentity(null, null, mapping("orgs.preferred_username", "hf_orgs"), context);
        assertEquals(List.of("https://cdn-avatars.huggingface.co/v1/production/uploads/ada.png"),
                context.getAttributes().get("picture"));
        assertEquals(List.of("false"), context.getAttributes().get("hf_is_pro"));
        assertEquals(List.of("analytical-engines", "other-org"), context.getAttributes().get("hf_orgs"));
    }

    @Test
    void givenMissingClaimOrBadPath_thenNoAttributeIsSet() {
        BrokeredIdentityContext context = adaSignsIn();
        mapper.preprocessFederatedIdentity(null, null, mapping("canPayTomorrow", "x"), context);
        mapper.preprocessFederatedIdentity(null, null, mapping("a..b", "y"), context);
        assertNull(context.getAttributes().get("x"));
        assertNull(context.getAttributes().get("y"));
    }
}
