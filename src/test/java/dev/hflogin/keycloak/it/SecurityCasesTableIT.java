package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs after every other integration test (junit-platform.properties orders classes by @Order) and
 * checks docs/security-cases.md against what the case tests of this run observed.
 */
@Order(Integer.MAX_VALUE)
class SecurityCasesTableIT {

    @Test
    void givenTheCaseTestsRan_thenEveryRowOfTheTableWasObservedExactlyAsWritten() {
        Map<String, String> observed = SecurityCases.observed();
        Assumptions.assumeFalse(observed.isEmpty(), "no case test ran in this JVM: nothing to compare");

        List<String> ids = SecurityCases.rows().stream().map(row -> row.get(0)).toList();
        Set<String> unique = new LinkedHashSet<>(ids);
        assertEquals(ids.size(), unique.size(), "a case appears twice in " + SecurityCases.TABLE + ": " + ids);

        List<String> neverObserved = new ArrayList<>(unique);
        neverObserved.removeAll(observed.keySet());
        assertEquals(List.of(), neverObserved, "rows of " + SecurityCases.TABLE
                + " that no test observed in this run (run the whole suite, or remove the row)");

        Map<String, String> documented = SecurityCases.documentedOutcomes();
        observed.forEach((id, outcome) -> assertEquals(documented.get(id), outcome, "case " + id));
    }
}
