package dev.hflogin.keycloak.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.TestJson;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationRole;
import org.junit.jupiter.api.Test;

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
                        "Analytical Engines"),
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
                new HuggingFaceOrganization("66c1c2d3e4f5a6b7c8d9e0f2", "Weird-Org", Optional.empty()),
                new HuggingFaceOrganization("67d1c2d3e4f5a6b7c8d9e0f3", "writers", Optional.of(OrganizationRole.WRITE))),
                profile.organizations());
        assertTrue(profile.claims().has("newClaimFromTheFuture"));
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
