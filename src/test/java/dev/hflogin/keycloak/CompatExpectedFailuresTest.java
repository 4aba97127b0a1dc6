package dev.hflogin.keycloak;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * .ci/compat-expected-failures.txt names tests that exist: a renamed test would otherwise turn its
 * documented difference into "did not run" only when someone runs the matrix on an old server.
 */
class CompatExpectedFailuresTest {

    @Test
    void givenTheExpectedFailuresList_thenEveryLineNamesAnExistingIntegrationTestAndAReason() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(".ci/compat-expected-failures.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            String[] fields = line.split("\\|");
            assertEquals(4, fields.length, "from-to | Class#test | text | why: " + line);
            assertTrue(fields[0].strip().matches("\\d+\\.\\d+-\\d+\\.\\d+"), "a range of minors: " + line);
            String test = fields[1].strip();
            String className = test.substring(0, test.indexOf('#'));
            String method = test.substring(test.indexOf('#') + 1).replaceAll("\\(.*$", "");
            Path source = Path.of("src/test/java/dev/hflogin/keycloak/it", className + ".java");
            assertTrue(Files.exists(source), "no " + source + ": " + line);
            assertTrue(Files.readString(source).contains("void " + method + "("), className + " has no test " + method);
            assertFalse(fields[2].isBlank() || fields[3].isBlank(), "a failure text and a reason: " + line);
        }
    }
}
