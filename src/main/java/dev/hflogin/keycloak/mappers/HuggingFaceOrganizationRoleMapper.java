package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Membership of one named Hugging Face organization (optionally with a minimum role) grants a
 * realm or client role, with the sync-mode meanings of Keycloak's own Claim to Role mapper: FORCE
 * grants and takes away, LEGACY only takes away, IMPORT acts at the first sign-in only. A role that
 * another mapper of the same sign-in grants is never taken away.
 */
public class HuggingFaceOrganizationRoleMapper extends OrganizationMapper {

    public static final String PROVIDER_ID = "huggingface-organization-role-mapper";
    static final String ORGANIZATION = "organization";
    static final String ROLE = "role";

    private static final Logger LOG = Logger.getLogger(HuggingFaceOrganizationRoleMapper.class);
    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(ORGANIZATION)
                    .label("hfMapperOrganization")
                    .helpText("hfMapperOrganizationHelp")
                    .type(ProviderConfigProperty.STRING_TYPE)
                    .add()
                .property().name(ROLE)
                    .label("hfMapperRole")
                    .helpText("hfMapperRoleHelp")
                    .type(ProviderConfigProperty.ROLE_TYPE)
                    .add()
                .build());
        properties.add(MapperContext.minimumRoleProperty());
        return List.copyOf(properties);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return "Role Importer";
    }

    @Override
    public String getDisplayType() {
        return "Hugging Face organization to role";
    }

    @Override
    public String getHelpText() {
        return "Grants a role to members of one Hugging Face organization, optionally from a minimum role in it.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    /** First sign-in: grant the role to a member. */
    @Override
    void onImport(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                  BrokeredIdentityContext context, HuggingFaceProfile profile) {
        RoleModel role = role(realm, mapperModel);
        if (role != null && isMember(session, mapperModel, profile)) {
            grant(user, role);
        }
    }

    /** FORCE: grant to a member, take away from a non-member unless another mapper of this login grants it. */
    @Override
    void onForce(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                 BrokeredIdentityContext context, HuggingFaceProfile profile) {
        RoleModel role = role(realm, mapperModel);
        if (role == null) {
            return;
        }
        if (isMember(session, mapperModel, profile)) {
            MapperRoleGrants.record(context, mapperModel, role);
            grant(user, role);
        } else {
            revokeUnlessGrantedElsewhere(session, realm, user, mapperModel, context, role);
        }
    }

    /** LEGACY: as Keycloak's own role mappers, only take the role away from a non-member; never grant. */
    @Override
    void onLegacy(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                  BrokeredIdentityContext context, HuggingFaceProfile profile) {
        RoleModel role = role(realm, mapperModel);
        if (role != null && !isMember(session, mapperModel, profile)) {
            revokeUnlessGrantedElsewhere(session, realm, user, mapperModel, context, role);
        }
    }

    private static void grant(UserModel user, RoleModel role) {
        if (!user.hasDirectRole(role)) {
            user.grantRole(role);
        }
    }

    private static void revokeUnlessGrantedElsewhere(KeycloakSession session, RealmModel realm, UserModel user,
                                                     IdentityProviderMapperModel mapperModel,
                                                     BrokeredIdentityContext context, RoleModel role) {
        if (user.hasDirectRole(role) && !MapperRoleGrants.grantedByAnotherMapper(session, realm, context, mapperModel, role)) {
            user.deleteRoleMapping(role);
        }
    }

    private static boolean isMember(KeycloakSession session, IdentityProviderMapperModel mapperModel, HuggingFaceProfile profile) {
        String organization = mapperModel.getConfig().get(ORGANIZATION);
        return MapperContext.qualifyingOrganizations(OrganizationLink.ofProvider(session, mapperModel.getIdentityProviderAlias()),
                mapperModel, profile).anyMatch(org -> org.isNamedBy(organization));
    }

    private static RoleModel role(RealmModel realm, IdentityProviderMapperModel mapperModel) {
        String name = mapperModel.getConfig().get(ROLE);
        RoleModel role = name == null || name.isBlank() ? null : KeycloakModelUtils.getRoleFromString(realm, name);
        if (role == null) {
            LOG.warnf("Hugging Face role mapper '%s': role '%s' not found", mapperModel.getName(), name);
        }
        return role;
    }
}
