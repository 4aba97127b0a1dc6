package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Skips the calling test when a tool it needs is not installed, and says so where CI looks: a line
 * {@code SKIPPED (no <tool>): <test>: <why>} on the console and in target/skipped-tools.txt.
 * .ci/run reads that file after each mvn run and fails when a tool it installed was skipped.
 */
public final class MissingTool {

    public static final String REPORT = "skipped-tools.txt";

    private MissingTool() {
    }

    /** @param tool a short name .ci/run knows: "chromium", "postgresql", "docker" or "docker-compose" */
    public static void skipUnless(boolean installed, String tool, String why) {
        if (!installed) {
            skip(tool, callingTest(), why);
        }
    }

    /** For callers not on the test's stack (a JUnit extension): {@code test} names what is skipped. */
    public static void skipUnless(boolean installed, String tool, String test, String why) {
        if (!installed) {
            skip(tool, test, why);
        }
    }

    private static void skip(String tool, String test, String why) {
        String line = "SKIPPED (no " + tool + "): " + test + ": " + why;
        System.out.println(line);
        try {
            Path report = TestSettings.buildDir().resolve(REPORT);
            Files.createDirectories(report.getParent());
            synchronized (MissingTool.class) {
                Files.writeString(report, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Assumptions.assumeTrue(false, line);
    }

    /** The test class and method that asked, e.g. ChromiumLoginIT.givenX; found on the stack. */
    private static String callingTest() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().endsWith("IT") || f.getClassName().endsWith("Test"))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .orElse("?"));
    }
}
