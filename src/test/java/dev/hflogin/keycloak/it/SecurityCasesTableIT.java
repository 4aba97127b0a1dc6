package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs after every other integration test (junit-platform.properties orders classes by @Order; the waiting lane,
 * which runs beside them, is waited for) and checks docs/security-cases.md against what the case tests of this run
 * observed.
 */
@Order(Integer.MAX_VALUE)
class SecurityCasesTableIT {

    @Test
    void givenTheCaseTestsRan_thenEveryRowOfTheTableWasObservedExactlyAsWritten() throws InterruptedException {
        WaitingLane.awaitEnd(Duration.ofMinutes(10));
        Map<String, SecurityCases.Observation> observed = SecurityCases.observed();
        // Run on its own, this would prove nothing: checking the table means running the case tests too.
        assertFalse(observed.isEmpty(), "no case test observed anything in this run; run the whole suite, or name "
                + "the case tests in -Dit.test together with SecurityCasesTableIT");

        List<String> ids = SecurityCases.rows().stream().map(SecurityCases.Row::caseId).toList();
        Set<String> unique = new LinkedHashSet<>(ids);
        assertEquals(ids.size(), unique.size(), "a case appears twice in " + SecurityCases.TABLE + ": " + ids);

        // The cluster section is observed by mvn verify -Pcluster only, every other row by the plain run.
        List<String> neverObserved = new ArrayList<>(SecurityCases.rows().stream()
                .filter(SecurityCases.Row::ownedByThisRun).map(SecurityCases.Row::caseId).toList());
        neverObserved.removeAll(observed.keySet());
        assertEquals(List.of(), neverObserved, "rows of " + SecurityCases.TABLE
                + " that no test observed in this run (run the whole suite, or remove the row)");

        observed.forEach(SecurityCases::assertMatchesRow);
    }
}
