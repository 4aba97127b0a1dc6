package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each Hugging Face organization of the user becomes membership of the sub-group of a parent group
 * that stands for it: linked to the HF org's ID ({@link OrganizationLink}), named after the handle
 * when the mapper creates it. With sync mode FORCE or LEGACY a user who left an org leaves its
 * group (Keycloak's own group mappers treat LEGACY as FORCE); with IMPORT only the first sign-in counts.
 */
public class HuggingFaceOrganizationGroupMapper extends OrganizationMapper {

    public static final String PROVIDER_ID = "huggingface-organization-group-mapper";
    static final String PARENT_GROUP = "parentGroup";
    static final String CREATE_GROUPS = "createGroups";
    static final String DEFAULT_PARENT = "/huggingface";

    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(PARENT_GROUP)
                    .label("hfMapperParentGroup")
                    .helpText("hfMapperParentGroupHelp")
                    .type(ProviderConfigProperty.GROUP_TYPE)
                    .defaultValue(DEFAULT_PARENT)
                    .add()
                .property().name(CREATE_GROUPS)
                    .label("hfMapperCreateGroups")
                    .helpText("hfMapperCreateGroupsHelp")
                    .type(ProviderConfigProperty.BOOLEAN_TYPE)
                    .defaultValue("true")
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
        return "Group Importer";
    }

    @Override
    public String getDisplayType() {
        return "Hugging Face organizations to groups";
    }

    @Override
    public String getHelpText() {
        return "Puts the user in the group linked to each of their Hugging Face organizations (attribute huggingface.orgId), under a parent group; created groups are named after the org handle.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    /** First sign-in: join the groups of the user's organizations. */
    @Override
    void onImport(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                  BrokeredIdentityContext context, HuggingFaceProfile profile) {
        OrganizationGroups groups = groups(session, realm, mapperModel);
        groups.join(user, groups.groupsOf(organizations(session, mapperModel, profile)).values(), context);
    }

    /** FORCE: join the groups of the user's organizations and leave those of organizations they left. */
    @Override
    void onForce(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                 BrokeredIdentityContext context, HuggingFaceProfile profile) {
        OrganizationGroups groups = groups(session, realm, mapperModel);
        Map<String, GroupModel> current = groups.groupsOf(organizations(session, mapperModel, profile));
        groups.join(user, current.values(), context);
        groups.leaveAllBut(user, current.keySet(), context);
    }

    /** LEGACY: as FORCE, which is what Keycloak's own group mappers do in LEGACY. */
    @Override
    void onLegacy(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                  BrokeredIdentityContext context, HuggingFaceProfile profile) {
        onForce(session, realm, user, mapperModel, context, profile);
    }

    private static OrganizationGroups groups(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel) {
        return new OrganizationGroups(session, realm,
                mapperModel.getConfig().getOrDefault(PARENT_GROUP, DEFAULT_PARENT),
                !"false".equalsIgnoreCase(mapperModel.getConfig().get(CREATE_GROUPS)),
                OrganizationLink.ofProvider(session, mapperModel.getIdentityProviderAlias()));
    }

    private static List<HuggingFaceOrganization> organizations(KeycloakSession session, IdentityProviderMapperModel mapperModel,
                                                               HuggingFaceProfile profile) {
        return MapperContext.qualifyingOrganizations(OrganizationLink.ofProvider(session, mapperModel.getIdentityProviderAlias()),
                mapperModel, profile).toList();
    }
}
