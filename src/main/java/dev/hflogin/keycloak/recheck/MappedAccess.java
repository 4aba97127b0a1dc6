package dev.hflogin.keycloak.recheck;

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

/** What a user holds that mappers grant (groups, roles, organizations), to say what a re-check changed. */
record MappedAccess(Set<String> groups, Set<String> roles, Set<String> organizations) {

    static MappedAccess of(KeycloakSession session, RealmModel realm, UserModel user) {
        Set<String> groups = user.getGroupsStream().map(KeycloakModelUtils::buildGroupPath)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> roles = user.getRoleMappingsStream().map(MappedAccess::roleName)
                .collect(Collectors.toCollection(TreeSet::new));
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        Set<String> orgs = organizations == null || !realm.isOrganizationsEnabled() ? Set.of()
                : organizations.getByMember(user).map(OrganizationModel::getAlias)
                        .collect(Collectors.toCollection(TreeSet::new));
        return new MappedAccess(groups, roles, orgs);
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
