package dev.hflogin.keycloak.mappers;

import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.HardcodedRoleMapper;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Which mapper of a sign-in grants a role. Keycloak's own role mappers note their grants in the
 * login's context (under the configured role string) and skip taking away a role noted there; this
 * does the same, and also counts a Hardcoded Role mapper of the provider, which grants without noting.
 */
final class MapperRoleGrants {

    private static final String ROLE = "role";

    private MapperRoleGrants() {
    }

    static void record(BrokeredIdentityContext context, IdentityProviderMapperModel mapperModel, RoleModel role) {
        context.addMapperGrantedRole(mapperModel.getConfig().get(ROLE));
        context.addMapperGrantedRole(qualifiedName(role));
    }

    static boolean grantedByAnotherMapper(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context,
                                          IdentityProviderMapperModel mapperModel, RoleModel role) {
        if (context.hasMapperGrantedRole(mapperModel.getConfig().get(ROLE)) || context.hasMapperGrantedRole(qualifiedName(role))) {
            return true;
        }
        return session.identityProviders().getMappersByAliasStream(mapperModel.getIdentityProviderAlias())
                .filter(other -> HardcodedRoleMapper.PROVIDER_ID.equals(other.getIdentityProviderMapper()))
                .map(other -> other.getConfig().get(ROLE))
                .filter(name -> name != null && !name.isBlank())
                .map(name -> KeycloakModelUtils.getRoleFromString(realm, name))
                .anyMatch(granted -> granted != null && granted.getId().equals(role.getId()));
    }

    /** {@code role} for a realm role, {@code clientId.role} for a client role: how mappers name roles. */
    private static String qualifiedName(RoleModel role) {
        return role.isClientRole() && role.getContainer() instanceof ClientModel client
                ? client.getClientId() + "." + role.getName()
                : role.getName();
    }
}
