package dev.hflogin.keycloak.mappers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key {@link GroupLookup.Children} files sub-groups under: never apart for names equal ignoring case. */
class GroupLookupTest {

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({
            "Qwen, qwen",
            "ANALYTICAL-ENGINES, analytical-engines",
            "hf_teams, HF_TEAMS",
            "ı, I",       // dotless i: equal ignoring case to I, though "ı".toLowerCase() is not "i"
            "ſ, S",       // long s
            "K, k",       // Kelvin sign
            "Straße, STRAßE",
            "\uD801\uDC00, \uD801\uDC28"}) // Deseret capital and small long I, outside the BMP
    void givenNamesEqualIgnoringCase_thenTheyShareAKey(String one, String other) {
        assertTrue(one.equalsIgnoreCase(other), one + " equalsIgnoreCase " + other);
        assertEquals(GroupLookup.Children.caseKey(one), GroupLookup.Children.caseKey(other));
    }

    @Test
    void givenDifferentNames_thenTheKeysDiffer() {
        assertNotEquals(GroupLookup.Children.caseKey("hf_teams"), GroupLookup.Children.caseKey("hfxteams"));
        assertNotEquals(GroupLookup.Children.caseKey("engines"), GroupLookup.Children.caseKey("engines2"));
    }
}
