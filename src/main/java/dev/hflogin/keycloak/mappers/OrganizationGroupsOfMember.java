package dev.hflogin.keycloak.mappers;

import org.keycloak.models.GroupModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import java.util.Set;
import java.util.TreeSet;

/**
 * The organization groups (Keycloak 26.7+) a user is in, named {@code <organization alias>/<group path in
 * the organization>}, e.g. {@code analytical-engines/write}: what the role groups of the organization
 * member mapper change, said the way an admin finds them in the console. Empty before 26.7, which has
 * no organization groups ({@link OrganizationRoleGroups#SUPPORTED}).
 */
public final class OrganizationGroupsOfMember {

    private OrganizationGroupsOfMember() {
    }

    public static Set<String> of(OrganizationProvider organizations, UserModel user) {
        Set<String> names = new TreeSet<>();
        if (!OrganizationRoleGroups.SUPPORTED || organizations == null) {
            return names;
        }
        organizations.getByMember(user).forEach(organization -> organizations.getOrganizationGroupsByMember(organization, user)
                .forEach(group -> names.add(organization.getAlias() + pathBelowInternalGroup(group))));
        return names;
    }

    /** The group's path without its first step, the organization's internal group (named after the organization's ID). */
    private static String pathBelowInternalGroup(GroupModel group) {
        String path = KeycloakModelUtils.buildGroupPath(group);
        int second = path.indexOf('/', 1);
        return second < 0 ? path : path.substring(second);
    }

    /** Whether the group is an organization's (its internal group or one of its groups), not a realm group. */
    public static boolean isOrganizationGroup(GroupModel group) {
        return group.getType() == GroupModel.Type.ORGANIZATION;
    }
}
