package dev.hflogin.keycloak.refusals;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/security-cases.md's "What each refusal shows" lists every check: its event reason, message key and English page. */
class RefusalTableTest {

    private static final Path DOC = Path.of("docs/security-cases.md");
    private static final String SECTION = "## What each refusal shows";

    @Test
    void givenTheRefusalTable_thenItHasOneRowPerCheckWithItsReasonKeyAndEnglishText() throws IOException {
        List<String> rows = tableRows();
        assertEquals(Arrays.stream(FailedCheck.values()).map(FailedCheck::detail).toList(),
                rows.stream().map(row -> row.substring(3, row.indexOf('`', 3))).toList(), "one row per check, in order");
        Properties english = english();
        for (FailedCheck check : FailedCheck.values()) {
            String row = rows.get(check.ordinal());
            String text = english.getProperty(check.messageKey()).replace("''", "'");
            assertTrue(row.endsWith("| `" + check.messageKey() + "`: \"" + text + "\" |"), check + " row: " + row);
        }
    }

    private static List<String> tableRows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(SECTION);
        assertTrue(start >= 0, DOC + " has the section " + SECTION);
        List<String> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (line.startsWith("| `")) {
                rows.add(line);
            }
        }
        return rows;
    }

    private static Properties english() throws IOException {
        try (InputStream in = RefusalTableTest.class.getResourceAsStream("/theme-resources/messages/messages_en.properties")) {
            assertNotNull(in);
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        }
    }
}
