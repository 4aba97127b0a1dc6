package dev.hflogin.keycloak.mappers;

import org.junit.jupiter.api.Test;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The organization's group (26.6+) is found on the API compiled against, and not on an older shape: there, addMember. */
class OrganizationJoinsVersionTest {

    /** Keycloak 26.0-26.5's organizations: members, no way to the organization's group. */
    interface OrganizationProviderOf26_5 {
        boolean addMember(OrganizationModel organization, UserModel user);
    }

    @Test
    void givenTheKeycloakApiCompiledAgainst_thenMembershipsAreMadeDirectly() {
        assertTrue(OrganizationJoins.hasOrganizationGroup(OrganizationProvider.class));
        assertTrue(OrganizationJoins.DIRECT);
    }

    @Test
    void givenAnOlderOrganizationProvider_thenEveryMembershipGoesThroughAddMember() {
        assertFalse(OrganizationJoins.hasOrganizationGroup(OrganizationProviderOf26_5.class));
    }
}
