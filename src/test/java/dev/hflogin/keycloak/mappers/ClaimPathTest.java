package dev.hflogin.keycloak.mappers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.TestJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClaimPathTest {

    private static final JsonNode ADA = TestJson.resource("userinfo-ada.json");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "picture|https://cdn-avatars.huggingface.co/v1/production/uploads/ada.png",
            "isPro|false",
            "email_verified|true",
            "orgs[0].name|Analytical Engines",
            "orgs[1].preferred_username|other-org",
            "orgs.preferred_username|analytical-engines,other-org",
            "orgs.roleInOrg|admin",
            "orgs[5].name|",
            "nothing.here|",
            "orgs|",
            "orgs.plan|enterprise",
            "orgs[plan=enterprise].preferred_username|analytical-engines",
            "orgs[plan=ENTERPRISE].preferred_username|analytical-engines",
            "orgs[plan=team].preferred_username|",
            "orgs[sub=65b1c2d3e4f5a6b7c8d9e0f1].name|Other Org",
            "orgs[preferred_username=other-org].picture|https://cdn-avatars.huggingface.co/o2.png",
            "orgs[canPay=true].preferred_username|analytical-engines",
            "orgs[nothing=here].name|"})
    void givenPath_thenScalarValuesAreReturned(String path, String expected) {
        List<String> values = expected == null ? List.of() : Arrays.asList(expected.split(","));
        assertEquals(values, ClaimPath.parse(path).values(ADA));
    }

    @Test
    void givenOddJson_thenNonScalarsAndNullsAreSkipped() {
        JsonNode odd = TestJson.resource("userinfo-odd.json");
        assertEquals(List.of("Weird-Org", "writers"), ClaimPath.parse("orgs.preferred_username").values(odd));
        assertEquals(List.of("1", "2", "3"), ClaimPath.parse("newClaimFromTheFuture.nested").values(odd));
        assertEquals(List.of(), ClaimPath.parse("name").values(odd));
        assertEquals(List.of(), ClaimPath.parse("name").values(null));
    }

    @Test
    void givenListValuedFieldsAndDottedValues_thenAFilterMatchesOneOfTheValues() {
        JsonNode claims = TestJson.parse("{\"orgs\":[{\"preferred_username\":\"org_with.dots\",\"securityRestrictions\":[\"mfa\",\"sso\"],"
                + "\"resourceGroups\":[{\"name\":\"Research\",\"role\":\"admin\"},{\"name\":\"Ops\",\"role\":\"read\"}]},"
                + "{\"preferred_username\":\"plain\",\"securityRestrictions\":[],\"resourceGroups\":[{\"name\":\"Infra\",\"role\":\"admin\"}]}]}");
        assertEquals(List.of("org_with.dots"), ClaimPath.parse("orgs[securityRestrictions=sso].preferred_username").values(claims));
        assertEquals(List.of("mfa", "sso"), ClaimPath.parse("orgs[preferred_username=org_with.dots].securityRestrictions").values(claims));
        assertEquals(List.of("Research", "Ops", "Infra"), ClaimPath.parse("orgs.resourceGroups.name").values(claims));
        assertEquals(List.of("Research", "Infra"), ClaimPath.parse("orgs.resourceGroups[role=admin].name").values(claims));
        assertEquals(List.of("Infra"), ClaimPath.parse("orgs[preferred_username=plain].resourceGroups[role=admin].name").values(claims));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a..b", ".a", "a.", "a[x]", "[0]", "a[=b]", "a[b=]", "a[b= ]", "a[b=c", "a[b=c]]"})
    void givenMalformedPath_thenItIsRefused(String path) {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.parse(path));
    }
}
