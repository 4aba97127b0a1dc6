package dev.hflogin.keycloak;

import dev.hflogin.keycloak.recheck.RecheckScheduler;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.List;
import java.util.Map;

/** Registers "Hugging Face" as a social identity provider (provider ID {@value #PROVIDER_ID}). */
public class HuggingFaceIdentityProviderFactory extends AbstractIdentityProviderFactory<HuggingFaceIdentityProvider>
        implements SocialIdentityProviderFactory<HuggingFaceIdentityProvider>, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "huggingface";
    public static final String NAME = "Hugging Face";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = HuggingFaceConfigProperties.create();

    private long recheckTickSeconds;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public void init(Config.Scope config) {
        recheckTickSeconds = RecheckScheduler.tickSeconds(config);
    }

    /** Membership re-checking runs on a timer, registered once per node ({@link RecheckScheduler}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        RecheckScheduler.schedule(factory, recheckTickSeconds > 0 ? recheckTickSeconds : RecheckScheduler.tickSeconds(null));
    }

    @Override
    public HuggingFaceIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new HuggingFaceIdentityProvider(session, new HuggingFaceIdentityProviderConfig(model));
    }

    @Override
    public HuggingFaceIdentityProviderConfig createConfig() {
        HuggingFaceIdentityProviderConfig config = new HuggingFaceIdentityProviderConfig();
        config.setDefaultScope(HuggingFaceScopes.DEFAULT);
        config.applyEnforcedSettings();
        return config;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    /** Shown in the admin console's Provider info, so operators can tell which build is installed. */
    @Override
    public Map<String, String> getOperationalInfo() {
        String version = HuggingFaceIdentityProviderFactory.class.getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "development" : version);
    }
}
