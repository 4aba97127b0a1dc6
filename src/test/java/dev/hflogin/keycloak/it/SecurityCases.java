package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.CannedResponse;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/security-cases.md true: every case test reports its case ID, the hostile input it served
 * and the outcome it observed, and fails when the table's row says something else in any of them, or
 * when the row's Test column names another test method. {@link SecurityCasesTableIT} runs last and
 * fails when the table has a row no test observed.
 *
 * <p>A refusal proves its cause: {@link #observeRefusedUpstreamFault} requires the stand-in to have
 * served a marked fault (RecordedRequest#fault); {@link #observeRefusedByBrowserInput} and
 * {@link #observeRefusedByClientInput} require it to have served none, so the test's own tampering
 * (which the test asserts) is what Keycloak refused.
 */
public final class SecurityCases {

    public static final Path TABLE = TestSettings.buildDir().getParent().resolve("docs").resolve("security-cases.md");

    /**
     * The section of the table whose rows only {@code mvn verify -Pcluster} observes (it needs PostgreSQL and
     * two nodes): the plain {@code mvn verify} checks every other row, the cluster run this section's.
     */
    /** How a table of cases starts; other tables in the file are not cases. */
    private static final String CASE_TABLE_HEADER = "| Case | Hostile input | Observed outcome | Test |";

    public static final String CLUSTER_SECTION = "## Cluster operations (`ClusterFailuresIT`, `ClusterIT`)";

    /**
     * One data row of the table: | Case | Hostile input | Observed outcome | Test |, backticks kept except
     * around IDs; {@code section} is the "## " heading it is under.
     */
    /** A row that needs a newer Keycloak than the oldest in the compatibility table says so in its Test column. */
    private static final Pattern SINCE = Pattern.compile("\\(Keycloak (\\d+)\\.(\\d+)\\+\\)");

    public record Row(String caseId, String hostileInput, String outcome, String test, String section) {

        /**
         * Whether this run (system property security.cases.run, set by the pom: default or cluster) must observe
         * it; a row whose Test column ends in "(Keycloak 26.6+)" only on that version or later (the version matrix).
         */
        public boolean ownedByThisRun() {
            boolean clusterRun = "cluster".equals(System.getProperty("security.cases.run", "default"));
            return clusterRun == CLUSTER_SECTION.equals(section) && sinceThisVersion();
        }

        private boolean sinceThisVersion() {
            Matcher since = SINCE.matcher(test);
            return !since.find() || KeycloakVersion.atLeast(TestSettings.keycloakVersion(),
                    Integer.parseInt(since.group(1)), Integer.parseInt(since.group(2)));
        }

        /** The Test column names a method by its start: `givenHostileAnswer…` → givenHostileAnswer. */
        public String testPrefix() {
            return SINCE.matcher(test).replaceAll("").replace("`", "").replace("…", "").trim();
        }
    }

    /** What a test reported for a case, and which test method reported it. */
    public record Observation(String hostileInput, String outcome, String testMethod) {
    }

    private static final Map<String, Observation> OBSERVED = new ConcurrentHashMap<>();

    private SecurityCases() {
    }

    /** Records an outcome that is not a refusal (accepted, asked...); fails when the table's row differs. */
    public static void observe(String caseId, String hostileInput, String outcome) {
        assertFalse(outcome.startsWith("refused"), "case " + caseId + ": a refusal must show its cause; use "
                + "observeRefusedUpstreamFault, observeRefusedByBrowserInput or observeRefusedByClientInput");
        record(caseId, hostileInput, outcome);
    }

    /** A refusal of something the Hugging Face stand-in served: it must have marked at least one reply as a fault. */
    public static void observeRefusedUpstreamFault(HuggingFaceStandIn huggingFace, String caseId, String hostileInput,
            String outcome) {
        List<String> faults = faultsServedWithin(huggingFace, CannedResponse.MAX_DELAY);
        assertFalse(faults.isEmpty(), "case " + caseId + " is credited to Hugging Face misbehaving, but the stand-in "
                + "marked no reply as a fault since the fixture was made: " + paths(huggingFace));
        System.out.println("SECURITY-CASE | " + caseId + " | faults served: " + faults);
        recordRefusal(caseId, hostileInput, outcome);
    }

    /**
     * A refusal of what the browser sent (altered state, replayed code, stripped scope): the test asserts
     * its own tampering; here the stand-in must have served no fault, or the refusal could be its doing.
     */
    public static void observeRefusedByBrowserInput(HuggingFaceStandIn huggingFace, String caseId, String hostileInput,
            String outcome) {
        assertNoFaultServed(huggingFace, caseId);
        recordRefusal(caseId, hostileInput, outcome);
    }

    /** The same for a request the test sends Keycloak as an app's back end or an admin would (token exchange, admin API). */
    public static void observeRefusedByClientInput(HuggingFaceStandIn huggingFace, String caseId, String hostileInput,
            String outcome) {
        assertNoFaultServed(huggingFace, caseId);
        recordRefusal(caseId, hostileInput, outcome);
    }

    public static Map<String, Observation> observed() {
        return Map.copyOf(OBSERVED);
    }

    /** Case ID → row, in table order. */
    public static Map<String, Row> documented() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Row row : rows()) {
            rows.put(row.caseId(), row);
        }
        return rows;
    }

    /** Fails when the row of the case differs from the observation in hostile input, outcome or test method. */
    public static void assertMatchesRow(String caseId, Observation observation) {
        Row row = documented().get(caseId);
        assertNotNull(row, TABLE + " has no row for case " + caseId + "; observed: " + observation);
        assertEquals(row.hostileInput(), observation.hostileInput(), TABLE + ": Hostile input of case " + caseId);
        assertEquals(row.outcome(), observation.outcome(), TABLE + " says otherwise for case " + caseId);
        assertTrue(observation.testMethod().startsWith(row.testPrefix()), TABLE + ": case " + caseId
                + " names test " + row.test() + " but " + observation.testMethod() + " observed it");
    }

    /** The table's data rows (header and separator skipped), cells trimmed, backticks around IDs removed. */
    public static List<Row> rows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(TABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TABLE, e);
        }
        List<Row> rows = new ArrayList<>();
        String section = "";
        boolean caseTable = false; // the file has other tables too (e.g. what each refusal shows)
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.trim();
            }
            boolean header = i + 1 < lines.size() && isSeparator(lines.get(i + 1));
            if (header) {
                caseTable = line.startsWith(CASE_TABLE_HEADER);
            }
            if (!line.startsWith("|") || isSeparator(line) || header || !caseTable) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
                cells.add(cell.trim());
            }
            assertEquals(4, cells.size(), TABLE + ": a row needs Case, Hostile input, Observed outcome, Test: " + line);
            rows.add(new Row(cells.get(0).replace("`", ""), cells.get(1), cells.get(2), cells.get(3), section));
        }
        return rows;
    }

    private static void recordRefusal(String caseId, String hostileInput, String outcome) {
        assertTrue(outcome.startsWith("refused"), "case " + caseId + " is observed as a refusal: " + outcome);
        record(caseId, hostileInput, outcome);
    }

    private static void record(String caseId, String hostileInput, String outcome) {
        Observation observation = new Observation(hostileInput, outcome, callingTestMethod());
        OBSERVED.put(caseId, observation);
        System.out.println("SECURITY-CASE | " + caseId + " | " + hostileInput + " | " + outcome
                + " | " + observation.testMethod());
        assertMatchesRow(caseId, observation);
    }

    private static void assertNoFaultServed(HuggingFaceStandIn huggingFace, String caseId) {
        assertEquals(List.of(), faultsServed(huggingFace), "case " + caseId + " is credited to the test's own input, "
                + "but the stand-in served faults that could explain the refusal");
    }

    /** Faults the stand-in marked since its log was last cleared (each fixture clears it: this test's calls only). */
    private static List<String> faultsServed(HuggingFaceStandIn huggingFace) {
        return huggingFace.requests().stream().filter(r -> r.fault() != null)
                .map(r -> r.path() + ": " + r.fault()).toList();
    }

    /**
     * A slow canned reply is recorded when it is sent, after its delay, which may be after Keycloak gave up:
     * waits for a mark at most {@code limit} (a reply's delay is capped at that), returns at once when one is there.
     */
    private static List<String> faultsServedWithin(HuggingFaceStandIn huggingFace, Duration limit) {
        long deadline = System.nanoTime() + limit.plusSeconds(1).toNanos();
        List<String> faults = faultsServed(huggingFace);
        for (int polls = 0; faults.isEmpty() && polls < 400 && System.nanoTime() < deadline; polls++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            faults = faultsServed(huggingFace);
        }
        return faults;
    }

    private static List<String> paths(HuggingFaceStandIn huggingFace) {
        return huggingFace.requests().stream().map(RecordedRequest::path).toList();
    }

    /** The nearest JUnit test method on the stack (a helper of the test class may be the direct caller). */
    private static String callingTestMethod() {
        Optional<String> method = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames
                        .filter(frame -> frame.getDeclaringClass() != SecurityCases.class)
                        .filter(frame -> isTestMethod(frame.getDeclaringClass(), frame.getMethodName()))
                        .map(StackWalker.StackFrame::getMethodName)
                        .findFirst());
        return method.orElseThrow(() -> new AssertionError("SecurityCases must be called from within a test method"));
    }

    private static boolean isTestMethod(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .anyMatch(m -> AnnotationSupport.isAnnotated(m, Testable.class));
    }

    private static boolean isSeparator(String line) {
        return line.matches("\\|[\\s:|-]+\\|");
    }
}
