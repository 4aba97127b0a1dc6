package dev.hflogin.keycloak.recheck;

import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationGroupMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationMemberMapper;
import dev.hflogin.keycloak.mappers.HuggingFaceOrganizationRoleMapper;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderMapperSyncMode;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;

import java.util.List;
import java.util.Set;

/**
 * The provider's organization mappers (group, role, member) whose effective sync mode is FORCE: the
 * ones a sign-in would re-apply, and so the ones a re-check re-applies. Keycloak's own claim mappers
 * are left out: they read the ID token, which a re-check does not have.
 */
final class ForcedOrganizationMappers {

    private static final Set<String> TYPES = Set.of(HuggingFaceOrganizationGroupMapper.PROVIDER_ID,
            HuggingFaceOrganizationRoleMapper.PROVIDER_ID, HuggingFaceOrganizationMemberMapper.PROVIDER_ID);

    private ForcedOrganizationMappers() {
    }

    static List<IdentityProviderMapperModel> of(KeycloakSession session, IdentityProviderModel provider) {
        return session.identityProviders().getMappersByAliasStream(provider.getAlias())
                .filter(mapper -> TYPES.contains(mapper.getIdentityProviderMapper()))
                .filter(mapper -> effectiveSyncMode(provider, mapper) == IdentityProviderSyncMode.FORCE)
                .toList();
    }

    /** As Keycloak combines them: the mapper's own mode, or the provider's when the mapper inherits. */
    static IdentityProviderSyncMode effectiveSyncMode(IdentityProviderModel provider, IdentityProviderMapperModel mapper) {
        IdentityProviderMapperSyncMode own = mapper.getSyncMode();
        if (own == null || own == IdentityProviderMapperSyncMode.INHERIT) {
            return provider.getSyncMode() == null ? IdentityProviderSyncMode.LEGACY : provider.getSyncMode();
        }
        return IdentityProviderSyncMode.valueOf(own.name());
    }
}
