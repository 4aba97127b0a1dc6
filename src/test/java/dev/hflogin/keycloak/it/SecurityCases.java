package dev.hflogin.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Keeps docs/security-cases.md true: every case test reports its case ID and the outcome it observed,
 * and fails when the table's row says something else. {@link SecurityCasesTableIT} runs last and
 * fails when the table has a row no test observed.
 */
public final class SecurityCases {

    public static final Path TABLE = TestSettings.buildDir().getParent().resolve("docs").resolve("security-cases.md");
    /** Column of the outcome in the table: | Case | Hostile input | Observed outcome | Test | */
    private static final int OUTCOME_COLUMN = 2;

    private static final Map<String, String> OBSERVED = new ConcurrentHashMap<>();

    private SecurityCases() {
    }

    /** Records what a test saw for a case; fails when the documented outcome differs. */
    public static void observe(String caseId, String outcome) {
        OBSERVED.put(caseId, outcome);
        System.out.println("SECURITY-CASE | " + caseId + " | " + outcome);
        String documented = documentedOutcomes().get(caseId);
        assertNotNull(documented, TABLE + " has no row for case " + caseId + "; observed: " + outcome);
        assertEquals(documented, outcome, TABLE + " says otherwise for case " + caseId);
    }

    public static Map<String, String> observed() {
        return Map.copyOf(OBSERVED);
    }

    /** Case ID → documented outcome, in table order. */
    public static Map<String, String> documentedOutcomes() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (List<String> row : rows()) {
            outcomes.put(row.get(0), row.get(OUTCOME_COLUMN));
        }
        return outcomes;
    }

    /** The table's data rows (header and separator skipped), cells trimmed, backticks around IDs removed. */
    public static List<List<String>> rows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(TABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TABLE, e);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean header = i + 1 < lines.size() && isSeparator(lines.get(i + 1));
            if (!line.startsWith("|") || isSeparator(line) || header) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
                cells.add(cell.trim());
            }
            cells.set(0, cells.get(0).replace("`", ""));
            rows.add(cells);
        }
        return rows;
    }

    private static boolean isSeparator(String line) {
        return line.matches("\\|[\\s:|-]+\\|");
    }
}
