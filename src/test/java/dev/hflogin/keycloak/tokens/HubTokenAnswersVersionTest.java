package dev.hflogin.keycloak.tokens;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker token endpoint's two error paths: from Keycloak 26.4 Keycloak records the event for a
 * thrown error and passes the provider's JSON on; before, the provider returns the JSON and records
 * the event itself. The version string decides, on every build.
 */
class HubTokenAnswersVersionTest {

    @ParameterizedTest(name = "Keycloak {0} -> Keycloak reports thrown errors: {1}")
    @CsvSource({"26.0.8,false", "26.2.5,false", "26.3.5,false", "26.4.0,true", "26.4.7,true", "26.7.3,true",
            "26.8.2,true", "27.0.0,true", "25.0.6,false", "26.10.1,true", "999.0.0-SNAPSHOT,true", "main-SNAPSHOT,true"})
    void givenKeycloakVersion_thenTheTokenErrorPathIsChosen(String version, boolean keycloakReports) {
        assertEquals(keycloakReports, HubTokenAnswers.keycloakReportsThrownTokenErrors(version));
    }
}
