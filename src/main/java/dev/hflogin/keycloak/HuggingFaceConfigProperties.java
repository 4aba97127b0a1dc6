package dev.hflogin.keycloak;

import dev.hflogin.keycloak.recheck.RecheckFields;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face fields the admin console shows below Keycloak's standard ones (client ID,
 * secret, Scopes, Store tokens, Trust email, sync mode...). Everything has a safe default, so an
 * operator who fills in only the client ID and secret gets a working, secure login.
 *
 * <p>Labels and help texts are message keys: the admin console translates them with the messages
 * this JAR ships in theme-resources/messages (English, Chinese, French, German, Spanish, Japanese).
 */
final class HuggingFaceConfigProperties {

    private HuggingFaceConfigProperties() {
    }

    static List<ProviderConfigProperty> create() {
        List<ProviderConfigProperty> fields = new ArrayList<>(ownFields());
        fields.addAll(RecheckFields.create());
        return List.copyOf(fields);
    }

    private static List<ProviderConfigProperty> ownFields() {
        return ProviderConfigurationBuilder.create()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.ALLOWED_ORGANIZATIONS)
                    .label("hfAllowedOrganizations")
                    .helpText("hfAllowedOrganizationsHelp")
                    .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.ENFORCE_SECURITY_RESTRICTIONS)
                    .label("hfEnforceSecurityRestrictions")
                    .helpText("hfEnforceSecurityRestrictionsHelp")
                    .type(ProviderConfigProperty.BOOLEAN_TYPE)
                    .defaultValue("false")
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.ADDITIONAL_SCOPES)
                    .label("hfAdditionalScopes")
                    .helpText("hfAdditionalScopesHelp")
                    .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                    .options(HuggingFaceScopes.KNOWN)
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.PKCE_ENABLED)
                    .label("hfPkceEnabled")
                    .helpText("hfPkceEnabledHelp")
                    .type(ProviderConfigProperty.BOOLEAN_TYPE)
                    .defaultValue("true")
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.CLIENT_AUTH_METHOD)
                    .label("hfClientAuthMethod")
                    .helpText("hfClientAuthMethodHelp")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(HuggingFaceIdentityProviderConfig.CLIENT_AUTH_METHODS)
                    .defaultValue(OIDCLoginProtocol.CLIENT_SECRET_BASIC)
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.BASE_URL)
                    .label("hfBaseUrl")
                    .helpText("hfBaseUrlHelp")
                    .type(ProviderConfigProperty.STRING_TYPE)
                    .defaultValue(HuggingFaceEndpoints.DEFAULT_BASE_URL)
                    .add()
                .build();
    }
}
