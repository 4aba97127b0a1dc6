package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.orgs.OrganizationRole;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Organization groups (Keycloak 26.7+): a member's Hugging Face role in an org becomes membership of the
 * group of that org's Keycloak organization named after the role ({@code admin}, {@code write},
 * {@code contributor}, {@code read}), created when missing. The groups bearing role names belong to
 * the mapper: when the role changes, the member leaves the group of the old one. Other organization
 * groups are left alone. On older servers the methods are absent and {@link #SUPPORTED} is false.
 */
final class OrganizationRoleGroups {

    /** Whether this server has organization groups; looked up once, as the one JAR serves 26.0 to 26.7. */
    static final boolean SUPPORTED = hasOrganizationGroups(OrganizationProvider.class);

    private static final Set<String> ROLE_NAMES = Arrays.stream(OrganizationRole.values())
            .map(OrganizationRole::claimValue).collect(Collectors.toUnmodifiableSet());

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;

    OrganizationRoleGroups(KeycloakSession session, RealmModel realm, OrganizationProvider organizations) {
        this.session = session;
        this.realm = realm;
        this.organizations = organizations;
    }

    /** Whether {@code organizations} (Keycloak's OrganizationProvider, or a test's older shape) has the four methods. */
    static boolean hasOrganizationGroups(Class<?> organizations) {
        try {
            organizations.getMethod("createGroup", OrganizationModel.class, String.class, GroupModel.class);
            organizations.getMethod("searchGroupsByName", OrganizationModel.class, String.class,
                    Boolean.class, Integer.class, Integer.class);
            organizations.getMethod("getOrganizationGroupsByMember", OrganizationModel.class, UserModel.class);
            organizations.getMethod("getOrganizationGroup", OrganizationModel.class);
            return true;
        } catch (NoSuchMethodException olderServer) {
            return false;
        }
    }

    /** Puts a member of {@code organization} in the group of their role there, out of the groups of other roles. */
    void place(OrganizationModel organization, UserModel user, OrganizationRole role) {
        String wanted = role.claimValue();
        String top = organizations.getOrganizationGroup(organization).getId();
        boolean inWanted = false;
        // Only the organization's top-level groups with role names are the mapper's; sub-groups are the admin's.
        List<GroupModel> roleGroupsOfUser = organizations.getOrganizationGroupsByMember(organization, user)
                .filter(group -> top.equals(group.getParentId()) && ROLE_NAMES.contains(group.getName()))
                .toList();
        for (GroupModel group : roleGroupsOfUser) {
            if (wanted.equals(group.getName())) {
                inWanted = true;
            } else {
                user.leaveGroup(group); // the role changed on Hugging Face
            }
        }
        if (!inWanted) {
            GroupModel group = groupNamed(organization, wanted);
            if (group != null) {
                user.joinGroup(group);
            }
        }
    }

    private GroupModel groupNamed(OrganizationModel organization, String name) {
        GroupModel found = topLevelNamed(organizations, organization, name);
        if (found != null) {
            return found;
        }
        String organizationId = organization.getId();
        String realmId = realm.getId();
        String id = IsolatedCreation.findOrCreate(session.getKeycloakSessionFactory(),
                "the group '" + name + "' of an organization", (own, create) -> {
                    own.getContext().setRealm(own.realms().getRealm(realmId));
                    OrganizationProvider ownOrganizations = own.getProvider(OrganizationProvider.class);
                    OrganizationModel ownOrganization = ownOrganizations.getById(organizationId);
                    if (ownOrganization == null) {
                        return null;
                    }
                    GroupModel group = topLevelNamed(ownOrganizations, ownOrganization, name);
                    if (group == null && create) {
                        group = ownOrganizations.createGroup(ownOrganization, name, null);
                    }
                    return group == null ? null : group.getId();
                });
        return id == null ? null : session.groups().getGroupById(realm, id);
    }

    private static GroupModel topLevelNamed(OrganizationProvider organizations, OrganizationModel organization, String name) {
        String top = organizations.getOrganizationGroup(organization).getId();
        return organizations.searchGroupsByName(organization, name, true, null, null)
                .filter(group -> name.equals(group.getName()) && top.equals(group.getParentId()))
                .findFirst().orElse(null);
    }
}
