package dev.hflogin.keycloak.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredHubTokenTest {

    private static final long NOW = 1_800_000_000L;
    private static final String STORED = "{\"access_token\":\"hf_oauth_a\",\"refresh_token\":\"hf_oauth_refresh_a\","
            + "\"id_token\":\"eyJ.x.y\",\"token_type\":\"bearer\",\"expires_in\":28800,\"scope\":\"openid profile\","
            + "\"accessTokenExpiration\":" + (NOW + 100) + ",\"unknown\":\"kept\"}";

    @ParameterizedTest(name = "expires in {0} s, min validity {1} s -> refresh {2}")
    @CsvSource({"100,5,false", "5,5,false", "4,5,true", "0,5,true", "-10,5,true", "100,200,true"})
    void givenExpiry_thenARefreshIsNeededWithinTheMinimumValidity(long expiresIn, int minValidity, boolean needed) {
        StoredHubToken token = StoredHubToken.parse("{\"access_token\":\"a\",\"accessTokenExpiration\":" + (NOW + expiresIn) + "}");
        assertEquals(needed, token.needsRefresh(NOW, minValidity));
    }

    @Test
    void givenNoKnownExpiry_thenTheTokenCountsAsValid_andExpiresInIsTurnedIntoAnExpiry() {
        StoredHubToken stored = StoredHubToken.parse("{\"access_token\":\"a\",\"expires_in\":60}");
        assertFalse(stored.needsRefresh(NOW, 5));
        StoredHubToken dated = stored.withExpiry(NOW);
        assertEquals(NOW + 60, dated.expiresAt().getAsLong());
        assertTrue(dated.needsRefresh(NOW + 56, 5));
    }

    @Test
    void givenARefreshResponse_thenTheRotatedRefreshTokenReplacesTheOldAndOtherFieldsAreKept() throws Exception {
        ObjectNode response = (ObjectNode) new ObjectMapper().readTree(
                "{\"access_token\":\"hf_oauth_b\",\"refresh_token\":\"hf_oauth_refresh_b\",\"expires_in\":60,\"token_type\":\"bearer\"}");
        StoredHubToken rotated = StoredHubToken.parse(STORED).rotated(response, NOW);
        assertEquals("hf_oauth_b", rotated.accessToken());
        assertEquals("hf_oauth_refresh_b", rotated.refreshToken());
        assertEquals(NOW + 60, rotated.expiresAt().getAsLong());
        assertTrue(rotated.serialize().contains("\"unknown\":\"kept\""));
        assertTrue(rotated.serialize().contains("\"scope\":\"openid profile\""), "scope kept when HF leaves it out");
    }

    @Test
    void givenARefreshResponseWithoutARefreshToken_thenTheStoredOneIsKept() throws Exception {
        ObjectNode response = (ObjectNode) new ObjectMapper().readTree("{\"access_token\":\"hf_oauth_b\",\"expires_in\":60}");
        assertEquals("hf_oauth_refresh_a", StoredHubToken.parse(STORED).rotated(response, NOW).refreshToken());
    }

    @Test
    void givenTheApplicationsView_thenItHasTheAccessTokenTypeExpiryAndScopeButNeverTheRefreshOrIdToken() {
        ObjectNode view = StoredHubToken.parse(STORED).applicationView(NOW);
        assertEquals("hf_oauth_a", view.get("access_token").asText());
        assertEquals("bearer", view.get("token_type").asText());
        assertEquals(100, view.get("expires_in").asLong());
        assertEquals(NOW + 100, view.get("accessTokenExpiration").asLong());
        assertEquals("openid profile", view.get("scope").asText());
        assertFalse(view.has("refresh_token"));
        assertFalse(view.has("id_token"));
        assertFalse(view.has("unknown"));
    }

    @Test
    void givenAnInvalidatedGrant_thenItHoldsNoTokenAndStaysInvalid() {
        StoredHubToken dead = StoredHubToken.parse(StoredHubToken.parse(STORED).invalidated(NOW).serialize());
        assertTrue(dead.isGrantInvalid());
        assertEquals(null, dead.accessToken());
        assertEquals(null, dead.refreshToken());
        assertFalse(dead.serialize().contains("hf_oauth"), "no dead token kept where someone could reuse it");
        assertFalse(StoredHubToken.parse(STORED).isGrantInvalid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "{broken", "hf_oauth_plain_string"})
    void givenSomethingOtherThanAJsonObject_thenItIsAnInvalidGrant(String stored) {
        assertTrue(StoredHubToken.parse(stored).isGrantInvalid());
    }

    @Test
    void givenARefreshThatFailedMomentsAgo_thenHuggingFaceIsNotAskedAgainUntilTheMarkPasses_andASuccessfulRefreshClearsIt() throws Exception {
        StoredHubToken failed = StoredHubToken.parse(STORED).refreshUnavailableUntil(NOW + 5);
        assertTrue(failed.refreshRecentlyFailed(NOW));
        assertTrue(failed.refreshRecentlyFailed(NOW + 4));
        assertFalse(failed.refreshRecentlyFailed(NOW + 5));
        assertFalse(StoredHubToken.parse(STORED).refreshRecentlyFailed(NOW));
        assertFalse(failed.applicationView(NOW).has(StoredHubToken.REFRESH_UNAVAILABLE_UNTIL), "not shown to applications");

        ObjectNode response = (ObjectNode) new ObjectMapper().readTree("{\"access_token\":\"hf_oauth_b\",\"expires_in\":60}");
        assertFalse(failed.rotated(response, NOW + 6).refreshRecentlyFailed(NOW + 6));
        assertFalse(failed.rotated(response, NOW).refreshRecentlyFailed(NOW), "cleared, not only expired");
    }
}
