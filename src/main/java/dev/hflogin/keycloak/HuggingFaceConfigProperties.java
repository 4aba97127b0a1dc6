package dev.hflogin.keycloak;

import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * The Hugging Face fields the admin console shows below Keycloak's standard ones (client ID,
 * secret, Scopes, Store tokens, Trust email, sync mode...). Everything has a safe default, so an
 * operator who fills in only the client ID and secret gets a working, secure login.
 */
final class HuggingFaceConfigProperties {

    private HuggingFaceConfigProperties() {
    }

    static List<ProviderConfigProperty> create() {
        return ProviderConfigurationBuilder.create()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.ALLOWED_ORGANIZATIONS)
                    .label("Allowed organizations")
                    .helpText("Only members of these Hugging Face organizations may sign in. Enter org handles "
                            + "(e.g. 'huggingface') or org IDs (24 hex digits). Empty: any Hugging Face user. When set, "
                            + "the 'read-memberships' scope is requested (enable it on your HF OAuth app); org IDs are also "
                            + "sent as 'orgIds' so HF asks the user to grant them. A user who is in none of them, or whose "
                            + "memberships HF does not reveal, is refused and no Keycloak user is created.")
                    .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.ADDITIONAL_SCOPES)
                    .label("Additional Hugging Face scopes")
                    .helpText("Hugging Face scopes requested on top of the Scopes field (default 'openid profile email'), "
                            + "e.g. 'read-memberships' (organizations and roles), 'read-repos', 'inference-api', "
                            + "'read-billing'. Each one must also be enabled on your Hugging Face OAuth app, or HF refuses "
                            + "the login with a scope error. Use 'Store tokens' to call the Hub with the user's token.")
                    .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                    .options(HuggingFaceScopes.KNOWN)
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.PKCE_ENABLED)
                    .label("Use PKCE (S256)")
                    .helpText("Send a PKCE S256 code challenge, which Hugging Face verifies. On by default; "
                            + "turn off only for a proxy that cannot pass it on.")
                    .type(ProviderConfigProperty.BOOLEAN_TYPE)
                    .defaultValue("true")
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.CLIENT_AUTH_METHOD)
                    .label("Client authentication")
                    .helpText("How Keycloak sends the client secret to Hugging Face's token endpoint: "
                            + "'client_secret_basic' (HTTP Basic, HF's documented method) or 'client_secret_post' (form).")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(HuggingFaceIdentityProviderConfig.CLIENT_AUTH_METHODS)
                    .defaultValue(OIDCLoginProtocol.CLIENT_SECRET_BASIC)
                    .add()
                .property()
                    .name(HuggingFaceIdentityProviderConfig.BASE_URL)
                    .label("Hugging Face URL (advanced)")
                    .helpText("Base URL of Hugging Face; all endpoints and the expected token issuer are derived from it "
                            + "(/oauth/authorize, /oauth/token, /oauth/userinfo, /oauth/jwks). Leave empty for "
                            + HuggingFaceEndpoints.DEFAULT_BASE_URL + ". Change only for a proxy, a mirror or a test server.")
                    .type(ProviderConfigProperty.STRING_TYPE)
                    .defaultValue(HuggingFaceEndpoints.DEFAULT_BASE_URL)
                    .add()
                .build();
    }
}
