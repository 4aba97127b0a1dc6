package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The skip line .ci/run reads: written, with the test's name, only when the tool is missing. */
class MissingToolTest {

    @Test
    void givenMissingTool_thenTheTestIsSkippedAndTheReportNamesToolAndTest(@TempDir Path buildDir) throws IOException {
        String previous = System.setProperty("build.dir", buildDir.toString());
        try {
            TestAbortedException skipped = assertThrows(TestAbortedException.class,
                    () -> MissingTool.skipUnless(false, "example-tool", "needs the example tool"));
            assertTrue(skipped.getMessage().contains("SKIPPED (no example-tool): MissingToolTest."), skipped.getMessage());
            List<String> report = Files.readAllLines(buildDir.resolve(MissingTool.REPORT));
            assertEquals(1, report.size(), report.toString());
            assertTrue(report.get(0).startsWith("SKIPPED (no example-tool): MissingToolTest.") && report.get(0).endsWith(": needs the example tool"),
                    report.get(0));

            MissingTool.skipUnless(true, "postgresql", "needs PostgreSQL"); // installed: no skip, no line
            assertEquals(1, Files.readAllLines(buildDir.resolve(MissingTool.REPORT)).size());
        } finally {
            restore(previous);
        }
    }

    @Test
    void givenToolInstalled_thenNoReportIsWritten(@TempDir Path buildDir) {
        String previous = System.setProperty("build.dir", buildDir.toString());
        try {
            MissingTool.skipUnless(true, "example-tool", "needs the example tool");
            assertFalse(Files.exists(buildDir.resolve(MissingTool.REPORT)));
        } finally {
            restore(previous);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty("build.dir");
        } else {
            System.setProperty("build.dir", previous);
        }
    }
}
