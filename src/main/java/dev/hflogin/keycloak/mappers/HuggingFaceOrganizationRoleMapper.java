package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import org.jboss.logging.Logger;
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
 * realm or client role. With sync mode FORCE the role is taken away when the membership ends.
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

    @Override
    void apply(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
               HuggingFaceProfile profile, boolean revokeWhenNotMember) {
        RoleModel role = role(realm, mapperModel);
        if (role == null) {
            return;
        }
        String organization = mapperModel.getConfig().get(ORGANIZATION);
        boolean member = MapperContext.qualifyingOrganizations(mapperModel, profile)
                .anyMatch(org -> org.isNamedBy(organization));
        if (member) {
            if (!user.hasDirectRole(role)) {
                user.grantRole(role);
            }
        } else if (revokeWhenNotMember && profile.organizationsPresent() && user.hasDirectRole(role)) {
            user.deleteRoleMapping(role);
        }
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
