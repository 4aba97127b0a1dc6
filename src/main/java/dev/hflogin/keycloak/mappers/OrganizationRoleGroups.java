package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.LinkWarnings;
import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.orgs.OrganizationRole;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Organization groups (Keycloak 26.7+): a member's Hugging Face role in an org becomes membership of the
 * group of that org's Keycloak organization that stands for the role ({@link OrganizationLink}: attribute
 * {@value OrganizationLink#ROLE} = {@code admin}, {@code write}, {@code contributor} or {@code read}).
 * The mapper creates it when missing, named after the role and linked; a group an admin made is used
 * only when the admin linked it, and its name is never taken over. When the role changes, the member
 * leaves the linked group of the old one; other organization groups are left alone. On older servers
 * the methods are absent and {@link #SUPPORTED} is false.
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
            organizations.getMethod("getTopLevelGroups", OrganizationModel.class, Integer.class, Integer.class);
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
        // Only the organization's top-level groups linked to a role are the mapper's; every other group is the admin's.
        List<GroupModel> roleGroupsOfUser = organizations.getOrganizationGroupsByMember(organization, user)
                .filter(group -> top.equals(group.getParentId()) && isRoleName(linkedRole(group)))
                .toList();
        for (GroupModel group : roleGroupsOfUser) {
            if (wanted.equals(linkedRole(group))) {
                inWanted = true;
            } else {
                user.leaveGroup(group); // the role changed on Hugging Face
            }
        }
        if (!inWanted) {
            GroupModel group = groupOf(organization, wanted);
            if (group != null) {
                user.joinGroup(group);
            }
        }
    }

    private static boolean isRoleName(String role) {
        return role != null && ROLE_NAMES.contains(role);
    }

    private static String linkedRole(GroupModel group) {
        String role = OrganizationLink.linkedRole(group.getAttributes());
        return role == null ? null : role.toLowerCase(Locale.ROOT);
    }

    private GroupModel groupOf(OrganizationModel organization, String role) {
        GroupModel found = linkedTopLevel(organizations, organization, role);
        if (found != null) {
            return found;
        }
        String organizationId = organization.getId();
        String realmId = realm.getId();
        String id = IsolatedCreation.findOrCreate(session.getKeycloakSessionFactory(),
                "the group '" + role + "' of an organization", (own, create) -> {
                    own.getContext().setRealm(own.realms().getRealm(realmId));
                    OrganizationProvider ownOrganizations = own.getProvider(OrganizationProvider.class);
                    OrganizationModel ownOrganization = ownOrganizations.getById(organizationId);
                    if (ownOrganization == null) {
                        return null;
                    }
                    GroupModel group = linkedTopLevel(ownOrganizations, ownOrganization, role);
                    if (group != null || !create) {
                        return group == null ? null : group.getId();
                    }
                    GroupModel taken = topLevel(ownOrganizations, ownOrganization)
                            .filter(other -> role.equalsIgnoreCase(other.getName())).findFirst().orElse(null);
                    if (taken != null) {
                        if (role.equalsIgnoreCase(OrganizationLink.linkedRole(taken.getAttributes()))) {
                            IsolatedCreation.lostRace("the group '" + role + "' of an organization"); // between the two look-ups
                            return taken.getId();
                        }
                        LinkWarnings.roleGroupNameTaken(realmId, organizationId, taken.getId(), role);
                        return null;
                    }
                    group = ownOrganizations.createGroup(ownOrganization, role, null);
                    group.setSingleAttribute(OrganizationLink.ROLE, role);
                    return group.getId();
                });
        return id == null ? null : session.groups().getGroupById(realm, id);
    }

    /** The organization's top-level group linked to this role; read from the database, past caches. */
    private static GroupModel linkedTopLevel(OrganizationProvider organizations, OrganizationModel organization, String role) {
        return topLevel(organizations, organization)
                .filter(group -> role.equalsIgnoreCase(OrganizationLink.linkedRole(group.getAttributes())))
                .findFirst().orElse(null);
    }

    private static Stream<GroupModel> topLevel(OrganizationProvider organizations, OrganizationModel organization) {
        return organizations.getTopLevelGroups(organization, null, null);
    }
}
