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
            "401|{\"error\":\"invalid_client\"}|GrantInvalid",
            "400|{\"error\":\"invalid_client\"}|GrantInvalid",
            "403|{\"error\":\"invalid_client\"}|Unavailable",
            "400|<!DOCTYPE html><html><body>Invalid refresh token</body></html>|GrantInvalid",
            "401|<html>Unauthorized</html>|GrantInvalid",
            "403|Forbidden|GrantInvalid",
            "401||GrantInvalid",
            "404|<html>Not found</html>|Unavailable",
            "429|<html>Too many requests</html>|Unavailable",
            "502|<html>Bad gateway</html>|Unavailable",
            "500|{\"error\":\"invalid_grant\"}|Unavailable",
            "503|Service Unavailable|Unavailable"})
    void givenHuggingFacesAnswer_thenOnlyARefusalOfTheGrantKillsIt(int status, String body, String outcome) {
        assertEquals(outcome, HubRefreshClient.outcome(status, body).getClass().getSimpleName());
    }
}
