package dev.hflogin.keycloak.mappers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.HuggingFaceIdentityProviderFactory;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * A Hugging Face claim (a {@link ClaimPath}) to a user attribute, e.g. {@code picture → picture},
 * {@code isPro → hf_is_pro}, {@code orgs.preferred_username → hf_orgs}. Config keys are those of
 * Keycloak's own {@code github-user-attribute-mapper}, so realm exports read the same.
 */
public class HuggingFaceUserAttributeMapper extends AbstractIdentityProviderMapper {

    public static final String PROVIDER_ID = "huggingface-user-attribute-mapper";
    static final String JSON_FIELD = AbstractJsonUserAttributeMapper.CONF_JSON_FIELD;
    static final String USER_ATTRIBUTE = AbstractJsonUserAttributeMapper.CONF_USER_ATTRIBUTE;
    static final String DECLARE_IN_USER_PROFILE = "declareInUserProfile";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(JSON_FIELD)
                .label("hfMapperClaim")
                .helpText("hfMapperClaimHelp")
                .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(USER_ATTRIBUTE)
                .label("hfMapperUserAttribute")
                .helpText("hfMapperUserAttributeHelp")
                .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(DECLARE_IN_USER_PROFILE)
                .label("hfMapperDeclareInUserProfile")
                .helpText("hfMapperDeclareInUserProfileHelp")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return new String[]{HuggingFaceIdentityProviderFactory.PROVIDER_ID};
    }

    @Override
    public String getDisplayCategory() {
        return "Attribute Importer";
    }

    @Override
    public String getDisplayType() {
        return "Hugging Face claim to user attribute";
    }

    @Override
    public String getHelpText() {
        return "Copies a Hugging Face claim (avatar, isPro, website, organization handles...) into a user attribute.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm,
                                            IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        String attribute = attribute(mapperModel);
        List<String> values = values(mapperModel, context);
        if (attribute != null && !"false".equalsIgnoreCase(mapperModel.getConfig().get(DECLARE_IN_USER_PROFILE))) {
            UserProfileDeclaration.ensureDeclared(session, realm, attribute);
        }
        if (attribute != null && !values.isEmpty()) {
            context.setUserAttribute(attribute, values);
        }
    }

    /** LEGACY: nothing after the first sign-in, as Keycloak's own attribute importers. */
    @Override
    public void updateBrokeredUserLegacy(KeycloakSession session, RealmModel realm, UserModel user,
                                         IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
    }

    /** FORCE: the attribute follows the claim at every sign-in, and goes when the claim is gone. */
    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user,
                                   IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        String attribute = attribute(mapperModel);
        if (attribute == null) {
            return;
        }
        List<String> values = values(mapperModel, context);
        if (values.isEmpty()) {
            user.removeAttribute(attribute);
        } else {
            user.setAttribute(attribute, values);
        }
    }

    private static String attribute(IdentityProviderMapperModel mapperModel) {
        String attribute = mapperModel.getConfig().get(USER_ATTRIBUTE);
        return attribute == null || attribute.isBlank() ? null : attribute.trim();
    }

    private static List<String> values(IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        String path = mapperModel.getConfig().get(JSON_FIELD);
        Object claims = context.getContextData().get(OIDCIdentityProvider.USER_INFO);
        if (path == null || path.isBlank() || !(claims instanceof JsonNode json)) {
            return List.of();
        }
        try {
            return ClaimPath.parse(path).values(json);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
