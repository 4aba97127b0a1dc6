package dev.hflogin.keycloak.recheck;

import dev.hflogin.keycloak.mappers.OrganizationGroupsOfMember;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a user holds that mappers grant (realm groups, roles, organizations, organization groups), to say
 * what a re-check changed. Organization groups are named {@code <organization alias>/<group>}
 * ({@link OrganizationGroupsOfMember}), not by their realm-wide path, which starts with an internal ID.
 */
record MappedAccess(Set<String> groups, Set<String> roles, Set<String> organizations, Set<String> organizationGroups) {

    static MappedAccess of(KeycloakSession session, RealmModel realm, UserModel user) {
        Set<String> groups = user.getGroupsStream().filter(group -> !OrganizationGroupsOfMember.isOrganizationGroup(group))
                .map(KeycloakModelUtils::buildGroupPath)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> roles = user.getRoleMappingsStream().map(MappedAccess::roleName)
                .collect(Collectors.toCollection(TreeSet::new));
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        boolean organizationsOn = organizations != null && realm.isOrganizationsEnabled();
        Set<String> orgs = !organizationsOn ? Set.of()
                : organizations.getByMember(user).map(OrganizationModel::getAlias)
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> organizationGroups = organizationsOn ? OrganizationGroupsOfMember.of(organizations, user) : Set.of();
        return new MappedAccess(groups, roles, orgs, organizationGroups);
    }

    private static String roleName(RoleModel role) {
        return role.isClientRole() ? KeycloakModelUtils.buildRoleQualifier(
                ((ClientModel) role.getContainer()).getClientId(), role.getName()) : role.getName();
    }

    /** The changes from {@code before} to this, as event details: name → comma-separated values. */
    List<String[]> changesSince(MappedAccess before) {
        List<String[]> changes = new ArrayList<>();
        add(changes, "groups_joined", minus(groups, before.groups));
        add(changes, "groups_left", minus(before.groups, groups));
        add(changes, "roles_granted", minus(roles, before.roles));
        add(changes, "roles_removed", minus(before.roles, roles));
        add(changes, "organizations_joined", minus(organizations, before.organizations));
        add(changes, "organizations_left", minus(before.organizations, organizations));
        add(changes, "organization_groups_joined", minus(organizationGroups, before.organizationGroups));
        add(changes, "organization_groups_left", minus(before.organizationGroups, organizationGroups));
        return changes;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static void add(List<String[]> changes, String name, Set<String> values) {
        if (!values.isEmpty()) {
            changes.add(new String[]{name, String.join(",", values)});
        }
    }
}
