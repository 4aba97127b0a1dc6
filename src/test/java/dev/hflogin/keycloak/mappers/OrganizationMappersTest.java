package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.TestJson;
import dev.hflogin.keycloak.links.OrganizationLink;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import dev.hflogin.keycloak.profile.HuggingFaceProfileParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrganizationMappersTest {

    private static final HuggingFaceProfile ODD = HuggingFaceProfileParser.parse(TestJson.resource("userinfo-odd.json"));
    private static final HuggingFaceProfile ADA = HuggingFaceProfileParser.parse(TestJson.resource("userinfo-ada.json"));

    private static final OrganizationLink NO_ALLOW_LIST = new OrganizationLink(OrganizationAllowList.of(null));

    @Test
    void givenAnAllowList_thenOnlyAdmittedOrgsQualify() {
        OrganizationLink engines = new OrganizationLink(OrganizationAllowList.of(List.of("analytical-engines")));
        assertEquals(List.of("analytical-engines"), MapperContext.qualifyingOrganizations(engines, minimum(null), ADA)
                .map(HuggingFaceOrganization::handle).toList());
    }

    private static IdentityProviderMapperModel minimum(String role) {
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setConfig(role == null ? Map.of() : Map.of(MapperContext.MINIMUM_ROLE, role));
        return model;
    }

    @ParameterizedTest(name = "minimum {0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL,analytical-engines;other-org",
            "any,analytical-engines;other-org",
            "read,analytical-engines",
            "admin,analytical-engines"})
    void givenMinimumRole_thenOnlyOrgsWithAReportedRoleAtLeastThatCount(String minimum, String expected) {
        List<String> handles = MapperContext.qualifyingOrganizations(NO_ALLOW_LIST, minimum(minimum), ADA)
                .map(HuggingFaceOrganization::handle).toList();
        assertEquals(Arrays.asList(expected.split(";")), handles);
    }

    @Test
    void givenUnknownRoleFromHuggingFace_thenItNeverSatisfiesAMinimum() {
        assertEquals(List.of("writers"), MapperContext.qualifyingOrganizations(NO_ALLOW_LIST, minimum("contributor"), ODD)
                .map(HuggingFaceOrganization::handle).toList());
    }

    @Test
    void givenGroupMapper_thenItIsOfferedForHuggingFaceWithItsFields() {
        HuggingFaceOrganizationGroupMapper mapper = new HuggingFaceOrganizationGroupMapper();
        assertEquals("huggingface-organization-group-mapper", mapper.getId());
        assertArrayEquals(new String[]{"huggingface"}, mapper.getCompatibleProviders());
        assertEquals(List.of("parentGroup", "createGroups", "minimumRole"),
                mapper.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList());
        assertEquals(ProviderConfigProperty.GROUP_TYPE, mapper.getConfigProperties().get(0).getType());
        assertTrue(Arrays.stream(IdentityProviderSyncMode.values()).allMatch(mapper::supportsSyncMode));
    }

    @Test
    void givenRoleMapper_thenItIsOfferedForHuggingFaceWithItsFields() {
        HuggingFaceOrganizationRoleMapper mapper = new HuggingFaceOrganizationRoleMapper();
        assertEquals("huggingface-organization-role-mapper", mapper.getId());
        assertArrayEquals(new String[]{"huggingface"}, mapper.getCompatibleProviders());
        assertEquals(List.of("organization", "role", "minimumRole"),
                mapper.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList());
        assertEquals(ProviderConfigProperty.ROLE_TYPE, mapper.getConfigProperties().get(1).getType());
        assertEquals(List.of("any", "read", "contributor", "write", "admin"), mapper.getConfigProperties().get(2).getOptions());
    }
}
