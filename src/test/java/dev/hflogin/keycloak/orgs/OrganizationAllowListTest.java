package dev.hflogin.keycloak.orgs;

import dev.hflogin.keycloak.TestJson;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import dev.hflogin.keycloak.profile.HuggingFaceProfileParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static dev.hflogin.keycloak.orgs.OrganizationAllowList.Decision.ADMITTED;
import static dev.hflogin.keycloak.orgs.OrganizationAllowList.Decision.MEMBERSHIPS_MISSING;
import static dev.hflogin.keycloak.orgs.OrganizationAllowList.Decision.NOT_A_MEMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrganizationAllowListTest {

    private static final HuggingFaceProfile ADA = HuggingFaceProfileParser.parse(TestJson.resource("userinfo-ada.json"));

    private static OrganizationAllowList allow(String entries) {
        return OrganizationAllowList.of(Arrays.asList(entries.split(";")));
    }

    @ParameterizedTest(name = "allow-list [{0}] -> {1}")
    @CsvSource({
            "analytical-engines,ADMITTED",
            "ANALYTICAL-Engines,ADMITTED",
            "other-org,ADMITTED",
            "64a0b1c2d3e4f5a6b7c8d9e0,ADMITTED",
            "64A0B1C2D3E4F5A6B7C8D9E0,ADMITTED",
            "someone-else;65b1c2d3e4f5a6b7c8d9e0f1,ADMITTED",
            "someone-else,NOT_A_MEMBER",
            "Analytical Engines,NOT_A_MEMBER",
            "ffffffffffffffffffffffff,NOT_A_MEMBER"})
    void givenAdaWithTwoOrgs_thenMembershipIsMatchedByHandleOrIdIgnoringCase(String entries,
                                                                              OrganizationAllowList.Decision expected) {
        assertEquals(expected, allow(entries).decide(ADA));
    }

    @Test
    void givenAnOrgWhoseHandleHasTheFormOfAnId_thenAnIdEntryMatchesOnlyTheOrgWithThatId() {
        HuggingFaceProfile lookalike = HuggingFaceProfileParser.parse(TestJson.parse(
                "{\"sub\":\"abc\",\"orgs\":[{\"sub\":\"aaaaaaaaaaaaaaaaaaaaaaaa\",\"preferred_username\":\"64a0b1c2d3e4f5a6b7c8d9e0\"}]}"));
        assertEquals(NOT_A_MEMBER, allow("64a0b1c2d3e4f5a6b7c8d9e0").decide(lookalike),
                "the ID of analytical-engines must not admit an org that took it as its handle");
        assertEquals(ADMITTED, allow("aaaaaaaaaaaaaaaaaaaaaaaa").decide(lookalike));
    }

    @ParameterizedTest(name = "entry {0} names org(id {1}, handle {2}): {3}")
    @CsvSource({
            "64a0b1c2d3e4f5a6b7c8d9e0,64a0b1c2d3e4f5a6b7c8d9e0,engines,true",
            "64A0B1C2D3E4F5A6B7C8D9E0,64a0b1c2d3e4f5a6b7c8d9e0,engines,true",
            "64a0b1c2d3e4f5a6b7c8d9e0,ffffffffffffffffffffffff,64a0b1c2d3e4f5a6b7c8d9e0,false",
            "engines,64a0b1c2d3e4f5a6b7c8d9e0,engines,true",
            "ENGINES,64a0b1c2d3e4f5a6b7c8d9e0,engines,true",
            "engines,engines,other,false",
            "64a0b1c2d3e4f5a6b7c8d9e,x,64a0b1c2d3e4f5a6b7c8d9e,true"})
    void givenAnEntry_thenIdFormMatchesIdsAndAnythingElseMatchesHandles(String entry, String id, String handle, boolean named) {
        HuggingFaceOrganization org = new HuggingFaceOrganization(id, handle, java.util.Optional.empty());
        assertEquals(named, org.isNamedBy(entry));
        assertEquals(named, OrganizationAllowList.of(List.of(entry)).allows(org), "the allow-list names orgs as isNamedBy does");
        assertEquals(named, OrganizationAllowList.of(List.of("unrelated-org", entry, "0123456789abcdef01234567")).allows(org));
    }

    @Test
    void givenNoAllowList_thenEveryoneIsAdmitted() {
        assertTrue(OrganizationAllowList.of(List.of()).isEmpty());
        assertEquals(ADMITTED, OrganizationAllowList.of(null).decide(ADA));
        assertEquals(ADMITTED, OrganizationAllowList.of(List.of(" ", "")).decide(ADA));
    }

    @ParameterizedTest(name = "allow-list [{0}], engines restricted [{1}], other-org [{2}], enforced {3} -> {4}")
    @CsvSource({
            "engines,sso,,true,SECURITY_RESTRICTIONS",
            "engines,sso,,false,ADMITTED",
            "engines,,,true,ADMITTED",
            "engines;other-org,mfa,,true,ADMITTED",
            "engines;other-org,mfa,ip,true,SECURITY_RESTRICTIONS",
            "other-org,mfa,,true,ADMITTED",
            "someone-else,mfa,,true,NOT_A_MEMBER",
            ",mfa,,true,ADMITTED"})
    void givenSecurityRestrictions_thenAnAllowedOrgCountsOnlyWithoutThemWhenEnforced(String entries, String engines, String other,
                                                                                   boolean enforced, OrganizationAllowList.Decision expected) {
        HuggingFaceProfile profile = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"orgs\":["
                + "{\"sub\":\"aaaaaaaaaaaaaaaaaaaaaaaa\",\"preferred_username\":\"engines\",\"securityRestrictions\":" + list(engines) + "},"
                + "{\"sub\":\"bbbbbbbbbbbbbbbbbbbbbbbb\",\"preferred_username\":\"other-org\",\"securityRestrictions\":" + list(other) + "}]}"));
        OrganizationAllowList list = OrganizationAllowList.of(entries == null ? List.of() : Arrays.asList(entries.split(";")))
                .enforcingSecurityRestrictions(enforced);
        assertEquals(expected, list.decide(profile));
        HuggingFaceOrganization restricted = profile.organizations().get(0);
        boolean listed = entries == null || Arrays.asList(entries.split(";")).contains("engines");
        assertEquals(listed && (entries == null || !enforced || engines == null), list.allows(restricted),
                "mappers count the org as the allow-list does");
    }

    private static String list(String value) {
        return value == null ? "[]" : "[\"" + value + "\"]";
    }

    @Test
    void givenOrgsClaimMissing_thenTheLoginIsRefused() {
        HuggingFaceProfile noOrgs = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\"}"));
        assertEquals(MEMBERSHIPS_MISSING, allow("analytical-engines").decide(noOrgs));
    }

    @Test
    void givenEmptyOrgs_thenTheUserIsNotAMember() {
        HuggingFaceProfile none = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"orgs\":[]}"));
        assertEquals(NOT_A_MEMBER, allow("analytical-engines").decide(none));
    }

    @Test
    void givenMixedEntries_thenOnlyIdsAreSentAsOrgIds() {
        assertEquals(List.of("64a0b1c2d3e4f5a6b7c8d9e0"),
                allow("analytical-engines; 64a0b1c2d3e4f5a6b7c8d9e0 ;analytical-engines").organizationIds());
        assertEquals(List.of("analytical-engines", "64a0b1c2d3e4f5a6b7c8d9e0"),
                allow("analytical-engines; 64a0b1c2d3e4f5a6b7c8d9e0 ;analytical-engines").entries());
    }

    @ParameterizedTest
    @CsvSource({"admin,ADMIN,true", "write,ADMIN,false", "admin,READ,true", "read,READ,true", "contributor,WRITE,false", "owner,READ,false"})
    void givenRoleInOrg_thenMinimumRoleIsCompared(String role, OrganizationRole minimum, boolean expected) {
        HuggingFaceOrganization org = new HuggingFaceOrganization("id", "h", OrganizationRole.parse(role));
        assertEquals(expected, org.hasRoleAtLeast(java.util.Optional.of(minimum)));
    }
}
