package dev.hflogin.keycloak.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.TestJson;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationRole;
import dev.hflogin.keycloak.orgs.ResourceGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HuggingFaceProfileParserTest {

    @Test
    void givenRealisticUserinfo_thenIdentityComesFromSubHandleEmailAndName() {
        HuggingFaceProfile profile = HuggingFaceProfileParser.parse(TestJson.resource("userinfo-ada.json"));
        assertEquals("63f1c2a9e4b0d1a2b3c4d5e6", profile.subject());
        assertEquals("ada", profile.handle());
        assertEquals("ada", profile.username());
        assertEquals("ada@example.com", profile.email());
        assertTrue(profile.emailVerified());
        assertEquals(new PersonName("Ada", "Lovelace"), profile.personName());
        assertTrue(profile.organizationsPresent());
        assertEquals(List.of(
                new HuggingFaceOrganization("64a0b1c2d3e4f5a6b7c8d9e0", "analytical-engines", Optional.of(OrganizationRole.ADMIN),
                        "Analytical Engines", "enterprise", List.of(), List.of()),
                new HuggingFaceOrganization("65b1c2d3e4f5a6b7c8d9e0f1", "other-org", Optional.empty(), "Other Org")),
                profile.organizations());
        assertEquals("https://ada.dev", profile.claims().get("website").asText());
    }

    @Test
    void givenOddShapes_thenParsingIsLenientAndUnknownFieldsAreKept() {
        HuggingFaceProfile profile = HuggingFaceProfileParser.parse(TestJson.resource("userinfo-odd.json"));
        assertEquals("odd-one", profile.username());
        assertFalse(profile.emailVerified(), "a string \"true\" is not HF's boolean true");
        assertEquals(new PersonName(null, null), profile.personName());
        assertEquals(List.of(
                new HuggingFaceOrganization("66c1c2d3e4f5a6b7c8d9e0f2", "Weird-Org", Optional.empty(), null,
                        "enterprise", List.of("sso"), List.of(new ResourceGroup("rg1", "team", Optional.of(OrganizationRole.WRITE)))),
                new HuggingFaceOrganization("67d1c2d3e4f5a6b7c8d9e0f3", "writers", Optional.of(OrganizationRole.WRITE))),
                profile.organizations());
        assertTrue(profile.claims().has("newClaimFromTheFuture"));
    }

    @ParameterizedTest(name = "{0} -> plan {1}, restrictions {2}")
    @CsvSource(delimiter = '|', value = {
            // HF's current fields
            "{\"plan\":\"team\",\"securityRestrictions\":[\"mfa\",\"token-policy\"]}|team|mfa,token-policy",
            "{\"plan\":\"Enterprise\",\"securityRestrictions\":[\"SSO\",\"ip\",\"sso\"]}|enterprise|sso,ip",
            "{\"plan\":\"enterprise\",\"securityRestrictions\":[]}|enterprise|",
            // the deprecated ones alone
            "{\"isEnterprise\":true,\"pendingSSO\":true,\"missingMFA\":true}|enterprise|sso,mfa",
            "{\"isEnterprise\":\"plus\",\"pendingSSO\":false}|plus|",
            "{\"isEnterprise\":false,\"missingMFA\":true}||mfa",
            // both: the current field wins, the deprecated flags add what it lacks
            "{\"plan\":\"team\",\"isEnterprise\":true,\"securityRestrictions\":[\"ip\"],\"pendingSSO\":true}|team|ip,sso",
            // unexpected types name nothing
            "{\"plan\":7,\"securityRestrictions\":\"mfa\",\"pendingSSO\":\"true\",\"isEnterprise\":1}||",
            "{\"plan\":{\"name\":\"team\"},\"securityRestrictions\":[1,null,{\"x\":1},\" \"]}||",
            "{}||"})
    void givenAnOrgInEitherShape_thenPlanAndSecurityRestrictionsReadTheSame(String fields, String plan, String restrictions) {
        String org = "{\"sub\":\"66c1c2d3e4f5a6b7c8d9e0f2\",\"preferred_username\":\"acme\"," + fields.substring(1);
        if (fields.equals("{}")) {
            org = "{\"sub\":\"66c1c2d3e4f5a6b7c8d9e0f2\",\"preferred_username\":\"acme\"}";
        }
        HuggingFaceOrganization parsed = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"orgs\":[" + org + "]}"))
                .organizations().get(0);
        assertEquals(plan, parsed.plan());
        assertEquals(restrictions == null ? List.of() : List.of(restrictions.split(",")), parsed.securityRestrictions());
    }

    @Test
    void givenResourceGroups_thenEachObjectNamingAGroupIsKeptWithItsRole() {
        HuggingFaceOrganization org = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"orgs\":[{\"sub\":\"o1\","
                + "\"preferred_username\":\"acme\",\"resourceGroups\":[{\"sub\":\"rg1\",\"name\":\"Research\",\"role\":\"admin\"},"
                + "{\"name\":\"Interns\",\"role\":\"owner\"},{\"role\":\"write\"},\"rg3\",null,{\"sub\":\"rg4\",\"role\":[\"read\"]}]}]}"))
                .organizations().get(0);
        assertEquals(List.of(
                new ResourceGroup("rg1", "Research", Optional.of(OrganizationRole.ADMIN)),
                new ResourceGroup(null, "Interns", Optional.empty()),
                new ResourceGroup("rg4", null, Optional.empty())), org.resourceGroups());
        HuggingFaceOrganization none = HuggingFaceProfileParser.parse(TestJson.parse(
                "{\"sub\":\"abc\",\"orgs\":[{\"sub\":\"o1\",\"resourceGroups\":{\"sub\":\"rg1\"}}]}")).organizations().get(0);
        assertEquals(List.of(), none.resourceGroups());
    }

    /** Mappers read claim paths: a deprecated-only answer gets the current names, HF's own nodes stay as sent. */
    @Test
    void givenDeprecatedOrgFields_whenMerged_thenTheClaimsAlsoCarryTheCurrentNames() {
        JsonNode userInfo = TestJson.parse("{\"sub\":\"abc\",\"orgs\":[{\"sub\":\"o1\",\"isEnterprise\":true,"
                + "\"pendingSSO\":true,\"future\":{\"x\":1}},{\"sub\":\"o2\",\"plan\":\"team\",\"securityRestrictions\":[\"ip\"]},7]}");
        String sent = userInfo.toString();

        ObjectNode merged = HuggingFaceProfileParser.merge(Map.of("sub", "abc"), userInfo);

        JsonNode legacy = merged.get("orgs").get(0);
        assertEquals("enterprise", legacy.get("plan").asText());
        assertEquals("[\"sso\"]", legacy.get("securityRestrictions").toString());
        assertTrue(legacy.get("isEnterprise").asBoolean(), "the deprecated fields stay");
        assertEquals("{\"x\":1}", legacy.get("future").toString(), "unknown fields stay");
        assertEquals(7, merged.get("orgs").get(2).asInt());
        assertEquals(sent, userInfo.toString(), "userinfo itself is unchanged");

        JsonNode current = TestJson.parse("{\"sub\":\"abc\",\"orgs\":[{\"sub\":\"o2\",\"plan\":\"team\",\"securityRestrictions\":[]}]}");
        assertTrue(current.get("orgs") == HuggingFaceProfileParser.merge(Map.of(), current).get("orgs"),
                "HF's current shape is used as sent, not copied");
    }

    @Test
    void givenOrgHandlesHuggingFaceNeverIssues_thenTheyNameNoOrganization() {
        HuggingFaceProfile profile = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"orgs\":["
                + "{\"preferred_username\":\"../admins\"},{\"preferred_username\":\"a/b\"},"
                + "{\"preferred_username\":\".hidden\"},{\"preferred_username\":\"tab\\there\"},"
                + "{\"sub\":\"66c1c2d3e4f5a6b7c8d9e0f2\",\"preferred_username\":\"x/../y\"},"
                + "{\"preferred_username\":\"01-ai\"},{\"preferred_username\":\"Helsinki-NLP\"},"
                + "{\"preferred_username\":\"org_with.dots\"}]}"));
        assertEquals(List.of(
                new HuggingFaceOrganization("66c1c2d3e4f5a6b7c8d9e0f2", null, Optional.empty()),
                new HuggingFaceOrganization(null, "01-ai", Optional.empty()),
                new HuggingFaceOrganization(null, "Helsinki-NLP", Optional.empty()),
                new HuggingFaceOrganization(null, "org_with.dots", Optional.empty())),
                profile.organizations());
    }

    @Test
    void givenNoOrgsClaim_thenOrganizationsAreAbsentNotEmpty() {
        HuggingFaceProfile profile = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"orgs\":{\"not\":\"a list\"}}"));
        assertFalse(profile.organizationsPresent());
        assertTrue(profile.organizations().isEmpty());
        HuggingFaceProfile empty = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"orgs\":[]}"));
        assertTrue(empty.organizationsPresent());
    }

    @Test
    void givenNoHandleAndNoEmail_thenTheUsernameFallsBackToSub() {
        assertEquals("a@b.c", HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"email\":\"a@b.c\"}")).username());
        HuggingFaceProfile bare = HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\"abc\",\"preferred_username\":7}"));
        assertEquals("abc", bare.username());
        assertNull(bare.email());
        assertFalse(bare.emailVerified());
    }

    @Test
    void givenASubOrUsernameLongerThanKeycloakStores_thenTheProfileIsRefused() {
        String longer = "x".repeat(256);
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(
                TestJson.parse("{\"sub\":\"" + longer + "\"}")));
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(
                TestJson.parse("{\"sub\":\"abc\",\"preferred_username\":\"" + longer + "\"}")));
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(
                TestJson.parse("{\"sub\":\"abc\",\"email\":\"" + longer + "@example.com\"}")), "the email stands in for the username");
        String longest = "y".repeat(255);
        assertEquals(longest, HuggingFaceProfileParser.parse(
                TestJson.parse("{\"sub\":\"" + longest + "\",\"preferred_username\":\"" + longest + "\"}")).username());
    }

    @Test
    void givenNoUsableSub_thenTheProfileIsRefused() {
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(TestJson.parse("{\"name\":\"x\"}")));
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":\" \"}")));
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(TestJson.parse("{\"sub\":123}")));
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(TestJson.parse("[]")));
        assertThrows(InvalidProfileException.class, () -> HuggingFaceProfileParser.parse(null));
    }

    @Test
    void givenIdTokenAndUserinfo_thenUserinfoWinsAndTheIdTokenFillsGaps() {
        JsonNode userInfo = TestJson.parse("{\"sub\":\"abc\",\"preferred_username\":\"new-handle\",\"isPro\":true}");
        ObjectNode merged = HuggingFaceProfileParser.merge(
                Map.of("sub", "abc", "preferred_username", "old-handle", "email", "a@b.c", "email_verified", true), userInfo);
        HuggingFaceProfile profile = HuggingFaceProfileParser.parse(merged);
        assertEquals("new-handle", profile.handle());
        assertEquals("a@b.c", profile.email());
        assertTrue(profile.emailVerified());
        assertTrue(merged.get("isPro").asBoolean());
    }

    /** The provider marks withheld organizations as none on the merged claims: userinfo itself stays as HF sent it. */
    @Test
    void givenMergedClaims_whenATopLevelClaimIsReplaced_thenUserinfoIsUnchanged() {
        JsonNode userInfo = TestJson.parse("{\"sub\":\"abc\",\"orgs\":[{\"sub\":\"o1\",\"preferred_username\":\"one\"}]}");
        ObjectNode merged = HuggingFaceProfileParser.merge(Map.of("sub", "abc"), userInfo);

        merged.putArray(HuggingFaceProfileParser.ORGS_CLAIM);

        assertEquals(1, userInfo.get("orgs").size());
        assertEquals(0, merged.get("orgs").size());
    }
}
