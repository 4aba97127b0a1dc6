package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.MembershipRecord;
import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Each Hugging Face organization of the user becomes membership of the Keycloak organization that
 * stands for it ({@link OrganizationLink}: linked to the HF org's ID), so an application asking for
 * scope {@code organization} finds the org in the token. The memberships it makes are recorded on the
 * user where only the mapper can change them ({@link MembershipRecord}); with FORCE or LEGACY only
 * those are taken away when the user left the HF org, never memberships an admin made.
 */
public class HuggingFaceOrganizationMemberMapper extends OrganizationMapper {

    public static final String PROVIDER_ID = "huggingface-organization-member-mapper";
    static final String CREATE_ORGANIZATIONS = "createOrganizations";
    /** Offered only where the server has organization groups (26.7+). */
    static final String ROLE_GROUPS = "roleGroups";
    /** User attribute: IDs of the Keycloak organizations this mapper made the user a member of ({@link MembershipRecord}). */
    static final String MADE_BY_MAPPER = MembershipRecord.ATTRIBUTE;

    private static final Logger LOG = Logger.getLogger(HuggingFaceOrganizationMemberMapper.class);
    private static final Set<String> WARNED_REALMS = ConcurrentHashMap.newKeySet();
    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(CREATE_ORGANIZATIONS)
                    .label("hfMapperCreateOrganizations")
                    .helpText("hfMapperCreateOrganizationsHelp")
                    .type(ProviderConfigProperty.BOOLEAN_TYPE)
                    .defaultValue("false")
                    .add()
                .build());
        properties.add(MapperContext.minimumRoleProperty());
        if (OrganizationRoleGroups.SUPPORTED) {
            properties.addAll(ProviderConfigurationBuilder.create()
                    .property().name(ROLE_GROUPS)
                        .label("hfMapperRoleGroups")
                        .helpText("hfMapperRoleGroupsHelp")
                        .type(ProviderConfigProperty.BOOLEAN_TYPE)
                        .defaultValue("false")
                        .add()
                    .build());
        }
        return List.copyOf(properties);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return "Organization Importer";
    }

    @Override
    public String getDisplayType() {
        return "Hugging Face organizations to Keycloak organizations";
    }

    @Override
    public String getHelpText() {
        return "Makes the user a member of the Keycloak organization linked to each of their Hugging Face organizations "
                + "(attribute huggingface.orgId = the HF org ID; a name alone never joins). Needs Organizations enabled "
                + "in the realm; otherwise it does nothing and logs a warning once.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    void onImport(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                  BrokeredIdentityContext context, HuggingFaceProfile profile) {
        sync(session, realm, user, mapperModel, profile, false, true);
    }

    @Override
    void onForce(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                 BrokeredIdentityContext context, HuggingFaceProfile profile) {
        sync(session, realm, user, mapperModel, profile, true, false);
    }

    /** LEGACY: as FORCE, like Keycloak's own group mappers (an organization is a group underneath). */
    @Override
    void onLegacy(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                  BrokeredIdentityContext context, HuggingFaceProfile profile) {
        sync(session, realm, user, mapperModel, profile, true, false);
    }

    private void sync(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                      HuggingFaceProfile profile, boolean leaveOrganizationsLeft, boolean newUser) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null || !organizations.isEnabled()) {
            if (WARNED_REALMS.add(realm.getId())) {
                LOG.warnf("Hugging Face organization mapper '%s' in realm %s does nothing: Organizations are not enabled "
                        + "(Realm settings > Organizations, or the server feature)", mapperModel.getName(), realm.getName());
            }
            return;
        }
        MembershipRecord.protect(session, realm);
        OrganizationLink link = OrganizationLink.ofProvider(session, mapperModel.getIdentityProviderAlias());
        boolean create = Boolean.parseBoolean(mapperModel.getConfig().get(CREATE_ORGANIZATIONS));
        OrganizationRoleGroups roleGroups = OrganizationRoleGroups.SUPPORTED
                && Boolean.parseBoolean(mapperModel.getConfig().get(ROLE_GROUPS))
                ? new OrganizationRoleGroups(session, realm, organizations) : null;
        // Read once: OrganizationModel.isMember reads the user again, and for a user just created or changed in
        // this transaction that read checks each organization the user is in, so once per organization it
        // would cost the square of the user's organizations.
        List<OrganizationModel> ofUser = organizations.getByMember(user).toList();
        Set<String> memberOf = ofUser.stream().map(OrganizationModel::getId).collect(Collectors.toCollection(HashSet::new));
        KeycloakOrganizations standIns = new KeycloakOrganizations(session, realm, organizations, link, ofUser);
        Set<String> madeByMapper = MembershipRecord.read(user);
        OrganizationJoins joins = new OrganizationJoins(session, organizations, user, newUser);
        Set<String> current = new LinkedHashSet<>();
        List<HuggingFaceOrganization> qualifying = MapperContext.qualifyingOrganizations(link, mapperModel, profile).toList();
        standIns.standingForAll(qualifying, create).forEach((org, organization) -> {
            current.add(organization.getId());
            if (!memberOf.contains(organization.getId()) && joins.join(organization)) {
                memberOf.add(organization.getId());
                madeByMapper.add(organization.getId());
            }
            if (roleGroups != null && memberOf.contains(organization.getId())) {
                org.role().ifPresent(role -> roleGroups.place(organization, user, role));
            }
        });
        if (leaveOrganizationsLeft) {
            for (String id : List.copyOf(madeByMapper)) {
                if (current.contains(id)) {
                    continue;
                }
                OrganizationModel left = organizations.getById(id);
                if (left != null && memberOf.contains(id)) {
                    organizations.removeMember(left, user);
                }
                madeByMapper.remove(id);
            }
        }
        MembershipRecord.write(session, realm, user, madeByMapper);
        if (!memberOf.isEmpty()) {
            MembershipCacheWarmUp.afterCommit(session, realm, user);
        }
    }
}
