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
            "orgs|"})
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

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a..b", ".a", "a.", "a[x]", "[0]"})
    void givenMalformedPath_thenItIsRefused(String path) {
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.parse(path));
    }
}
