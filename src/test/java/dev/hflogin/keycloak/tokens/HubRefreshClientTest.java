package dev.hflogin.keycloak.tokens;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HubRefreshClientTest {

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "200|{\"access_token\":\"hf_oauth_b\",\"refresh_token\":\"r\"}|Refreshed",
            "200|{\"refresh_token\":\"r\"}|Unavailable",
            "200|<html>oops</html>|Unavailable",
            "400|{\"error\":\"invalid_grant\"}|GrantInvalid",
            "401|{\"error\":\"invalid_grant\"}|GrantInvalid",
            "400|{\"error\":\"invalid_request\"}|Unavailable",
            "401|{\"error\":\"invalid_client\"}|Unavailable",
            "500|{\"error\":\"invalid_grant\"}|Unavailable",
            "503|Service Unavailable|Unavailable"})
    void givenHuggingFacesAnswer_thenOnlyInvalidGrantKillsTheGrant(int status, String body, String outcome) {
        assertEquals(outcome, HubRefreshClient.outcome(status, body).getClass().getSimpleName());
    }
}
