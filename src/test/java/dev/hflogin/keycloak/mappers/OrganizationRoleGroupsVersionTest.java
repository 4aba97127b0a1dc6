package dev.hflogin.keycloak.mappers;

import org.junit.jupiter.api.Test;
import org.keycloak.models.GroupModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Organization groups (26.7+) are found on the API compiled against, and not on an older shape, on every build. */
class OrganizationRoleGroupsVersionTest {

    /** Keycloak 26.0-26.6's organizations: members, no organization groups. */
    interface OrganizationProviderOf26_6 {
        boolean addMember(OrganizationModel organization, UserModel user);
    }

    /** A server with only some of the group methods is treated as having none: here all but createGroup. */
    interface OrganizationProviderWithoutCreateGroup extends OrganizationProviderOf26_6 {
        Stream<GroupModel> getTopLevelGroups(OrganizationModel organization, Integer first, Integer max);

        Stream<GroupModel> getOrganizationGroupsByMember(OrganizationModel organization, UserModel member);

        GroupModel getOrganizationGroup(OrganizationModel organization);
    }

    @Test
    void givenTheKeycloakApiCompiledAgainst_thenOrganizationGroupsAreSupported() {
        assertTrue(OrganizationRoleGroups.hasOrganizationGroups(OrganizationProvider.class));
        assertTrue(OrganizationRoleGroups.SUPPORTED);
    }

    @Test
    void givenAnOlderOrganizationProvider_thenOrganizationGroupsAreNotSupported() {
        assertFalse(OrganizationRoleGroups.hasOrganizationGroups(OrganizationProviderOf26_6.class));
        assertFalse(OrganizationRoleGroups.hasOrganizationGroups(OrganizationProviderWithoutCreateGroup.class));
    }
}
