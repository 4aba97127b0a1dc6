package dev.hflogin.keycloak.orgs;

import java.util.Optional;

/**
 * One of an Enterprise organization's resource groups the user belongs to ({@code orgs[].resourceGroups[]}).
 *
 * @param id   the group's {@code sub}; may be null
 * @param name the group's {@code name}; may be null
 * @param role the user's role in the group, read like {@code roleInOrg}; empty when absent or unknown
 */
public record ResourceGroup(String id, String name, Optional<OrganizationRole> role) {
}
