package dev.hflogin.keycloak.mappers;

import org.keycloak.models.KeycloakSession;

import java.util.Set;

/** Which mappers need the user's Hugging Face organizations, so the provider asks HF for them. */
public final class OrganizationMappers {

    private static final Set<String> TYPES = Set.of(
            HuggingFaceOrganizationGroupMapper.PROVIDER_ID, HuggingFaceOrganizationRoleMapper.PROVIDER_ID,
            HuggingFaceOrganizationMemberMapper.PROVIDER_ID);

    private OrganizationMappers() {
    }

    /** True when a mapper of this provider alias works on organizations. */
    public static boolean configuredFor(KeycloakSession session, String alias) {
        return session.identityProviders().getMappersByAliasStream(alias)
                .anyMatch(mapper -> TYPES.contains(mapper.getIdentityProviderMapper()));
    }
}
