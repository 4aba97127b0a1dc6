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
 * What the organization mappers share: offered for Hugging Face only, every sync mode, and the HF
 * profile of the login. Keycloak calls {@link #onImport} at a user's first sign-in, {@link #onForce}
 * at later sign-ins with sync mode FORCE and {@link #onLegacy} with LEGACY (IMPORT: nothing later).
 * Each mapper gives these the meaning Keycloak's own mapper of its kind gives them.
 *
 * <p>The user's organizations are those HF sent; the provider asks for them whenever an organization
 * mapper exists, and a login where HF withheld them counts as a member of none.
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
    public final void importNewUser(KeycloakSession session, RealmModel realm, UserModel user,
                                    IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        MapperContext.profile(context).ifPresent(profile -> onImport(session, realm, user, mapperModel, context, profile));
    }

    @Override
    public final void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user,
                                         IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        MapperContext.profile(context).ifPresent(profile -> onForce(session, realm, user, mapperModel, context, profile));
    }

    @Override
    public final void updateBrokeredUserLegacy(KeycloakSession session, RealmModel realm, UserModel user,
                                               IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        MapperContext.profile(context).ifPresent(profile -> onLegacy(session, realm, user, mapperModel, context, profile));
    }

    abstract void onImport(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                           BrokeredIdentityContext context, HuggingFaceProfile profile);

    abstract void onForce(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                          BrokeredIdentityContext context, HuggingFaceProfile profile);

    abstract void onLegacy(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                           BrokeredIdentityContext context, HuggingFaceProfile profile);
}
