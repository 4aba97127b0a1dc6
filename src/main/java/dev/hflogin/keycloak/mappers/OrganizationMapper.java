package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.HuggingFaceIdentityProviderFactory;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What the organization mappers share: offered for Hugging Face only, every sync mode, and one rule
 * for taking things away. A new user and sync mode LEGACY only add memberships; FORCE also removes
 * what the user no longer has on Hugging Face.
 */
abstract class OrganizationMapper extends AbstractIdentityProviderMapper {

    @Override
    public String[] getCompatibleProviders() {
        return new String[]{HuggingFaceIdentityProviderFactory.PROVIDER_ID};
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user,
                              IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        applyIfHuggingFace(session, realm, user, mapperModel, context, false);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user,
                                   IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        applyIfHuggingFace(session, realm, user, mapperModel, context, true);
    }

    @Override
    public void updateBrokeredUserLegacy(KeycloakSession session, RealmModel realm, UserModel user,
                                         IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        applyIfHuggingFace(session, realm, user, mapperModel, context, false);
    }

    private void applyIfHuggingFace(KeycloakSession session, RealmModel realm, UserModel user,
                                    IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context,
                                    boolean removeWhatIsGone) {
        MapperContext.profile(context).ifPresent(profile ->
                apply(session, realm, user, mapperModel, profile, removeWhatIsGone));
    }

    /**
     * @param removeWhatIsGone true with sync mode FORCE; removal must also require that HF actually
     *                         sent the user's organizations ({@link HuggingFaceProfile#organizationsPresent()})
     */
    abstract void apply(KeycloakSession session, RealmModel realm, UserModel user,
                        IdentityProviderMapperModel mapperModel, HuggingFaceProfile profile, boolean removeWhatIsGone);
}
