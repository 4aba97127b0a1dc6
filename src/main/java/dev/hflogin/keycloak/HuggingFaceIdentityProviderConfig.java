package dev.hflogin.keycloak;

import dev.hflogin.keycloak.doors.InheritedDoors;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import dev.hflogin.keycloak.recheck.RecheckSettings;
import dev.hflogin.keycloak.recheck.StoreTokens;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.Constants;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The stored configuration of a Hugging Face provider, read so that the security settings hold
 * whatever the stored map says: endpoints, issuer, JWKS and signature validation, nonce and the
 * userinfo call are fixed here, not read from the map, and the doors {@link InheritedDoors} shuts stay
 * shut. The getters never throw on odd values.
 */
public class HuggingFaceIdentityProviderConfig extends OIDCIdentityProviderConfig {

    public static final String BASE_URL = "baseUrl";
    public static final String ALLOWED_ORGANIZATIONS = "allowedOrganizations";
    public static final String ADDITIONAL_SCOPES = "additionalScopes";
    public static final String CLIENT_AUTH_METHOD = "clientAuthMethod";
    /** Off by default: an allowed organization counts only while HF reports no securityRestrictions there. */
    public static final String ENFORCE_SECURITY_RESTRICTIONS = "enforceSecurityRestrictions";

    static final List<String> CLIENT_AUTH_METHODS =
            List.of(OIDCLoginProtocol.CLIENT_SECRET_BASIC, OIDCLoginProtocol.CLIENT_SECRET_POST);

    public HuggingFaceIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    public HuggingFaceIdentityProviderConfig() {
    }

    /**
     * Writes the enforced values into the map too, for code that reads the map rather than the
     * getters (and so an exported realm shows what is in force).
     */
    public void applyEnforcedSettings() {
        HuggingFaceEndpoints endpoints = endpointsOrDefault();
        getConfig().put("authorizationUrl", endpoints.authorization());
        getConfig().put("tokenUrl", endpoints.token());
        getConfig().put("userInfoUrl", endpoints.userInfo());
        getConfig().put(JWKS_URL, endpoints.jwks());
        getConfig().put(USE_JWKS_URL, "true");
        getConfig().put(VALIDATE_SIGNATURE, "true");
        getConfig().put(ISSUER, endpoints.issuer());
        getConfig().put("disableNonce", "false");
        getConfig().put("disableUserInfo", "false");
        getConfig().put("pkceMethod", OAuth2Constants.PKCE_METHOD_S256);
        getConfig().put(PKCE_ENABLED, String.valueOf(isPkceEnabled()));
        getConfig().put(CLIENT_AUTH_METHOD, getClientAuthMethod());
        getConfig().putAll(InheritedDoors.CLOSED_SETTINGS);
    }

    /** @throws IllegalArgumentException when the base URL is not a usable http(s) URL */
    public HuggingFaceEndpoints getEndpoints() {
        return HuggingFaceEndpoints.of(getConfig().get(BASE_URL));
    }

    /** Used where throwing would break Keycloak (building the provider); validation reports the error. */
    private HuggingFaceEndpoints endpointsOrDefault() {
        try {
            return getEndpoints();
        } catch (IllegalArgumentException e) {
            return HuggingFaceEndpoints.of(null);
        }
    }

    public OrganizationAllowList getAllowedOrganizations() {
        return OrganizationAllowList.of(multivalued(ALLOWED_ORGANIZATIONS))
                .enforcingSecurityRestrictions(isEnforceSecurityRestrictions());
    }

    public boolean isEnforceSecurityRestrictions() {
        return "true".equalsIgnoreCase(String.valueOf(getConfig().get(ENFORCE_SECURITY_RESTRICTIONS)).trim());
    }

    public List<String> getAdditionalScopes() {
        return multivalued(ADDITIONAL_SCOPES);
    }

    /**
     * The scope string sent to HF.
     *
     * @param organizationMappers whether a mapper of this provider works on organizations: then, as
     *                            with an allow-list, HF must be asked for the memberships. Asked only
     *                            when neither the allow-list nor the configured scopes already ask for
     *                            them (finding the mappers is a database query on every call).
     */
    public String getEffectiveScope(BooleanSupplier organizationMappers) {
        String scope = HuggingFaceScopes.effective(getDefaultScope(), getAdditionalScopes(),
                !getAllowedOrganizations().isEmpty());
        if (HuggingFaceScopes.includesMemberships(scope) || !organizationMappers.getAsBoolean()) {
            return scope;
        }
        return HuggingFaceScopes.effective(getDefaultScope(), getAdditionalScopes(), true);
    }

    private List<String> multivalued(String key) {
        String value = getConfig().get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        // The admin console stores multi-valued fields joined by "##"; commas are accepted for hand-written JSON.
        return Arrays.stream(value.split(Constants.CFG_DELIMITER + "|,"))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    @Override
    public String getAuthorizationUrl() {
        return endpointsOrDefault().authorization();
    }

    @Override
    public String getTokenUrl() {
        return endpointsOrDefault().token();
    }

    @Override
    public String getUserInfoUrl() {
        return endpointsOrDefault().userInfo();
    }

    @Override
    public String getJwksUrl() {
        return endpointsOrDefault().jwks();
    }

    @Override
    public boolean isUseJwksUrl() {
        return true;
    }

    @Override
    public boolean isValidateSignature() {
        return true;
    }

    @Override
    public String getIssuer() {
        return endpointsOrDefault().issuer();
    }

    @Override
    public boolean isDisableNonce() {
        return false;
    }

    @Override
    public boolean isDisableUserInfoService() {
        return false;
    }

    /** The JWT Authorization Grant stays shut, whatever is stored ({@link InheritedDoors}). */
    @Override
    public boolean isJWTAuthorizationGrantEnabled() {
        return InheritedDoors.jwtAuthorizationGrant();
    }

    /** Federated client assertions stay shut, whatever is stored ({@link InheritedDoors}). */
    @Override
    public boolean isSupportsClientAssertions() {
        return InheritedDoors.clientAssertions();
    }

    /** HF's access tokens are opaque: never parse them as JWTs. */
    @Override
    public boolean isAccessTokenJwt() {
        return false;
    }

    /** On unless the admin turned it off explicitly. */
    @Override
    public boolean isPkceEnabled() {
        return !"false".equalsIgnoreCase(String.valueOf(getConfig().get(PKCE_ENABLED)).trim());
    }

    /** HF supports S256 only. */
    @Override
    public String getPkceMethod() {
        return OAuth2Constants.PKCE_METHOD_S256;
    }

    /** client_secret_basic (HF's documented method) unless client_secret_post is chosen. */
    @Override
    public String getClientAuthMethod() {
        String chosen = getConfig().get(CLIENT_AUTH_METHOD);
        return OIDCLoginProtocol.CLIENT_SECRET_POST.equals(chosen)
                ? OIDCLoginProtocol.CLIENT_SECRET_POST
                : OIDCLoginProtocol.CLIENT_SECRET_BASIC;
    }

    @Override
    public void validate(RealmModel realm) {
        getEndpoints(); // a bad base URL is refused when the admin saves it
        String chosen = getConfig().get(CLIENT_AUTH_METHOD);
        if (chosen != null && !chosen.isBlank() && !CLIENT_AUTH_METHODS.contains(chosen)) {
            throw new IllegalArgumentException("Hugging Face supports client authentication "
                    + String.join(" or ", CLIENT_AUTH_METHODS) + ", not " + chosen);
        }
        new RecheckSettings(getConfig()).validate(StoreTokens.isOn(this));
        applyEnforcedSettings();
        super.validate(realm);
    }
}
