package dev.hflogin.keycloak.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's benchmark figures are the last run's README-table.md, verbatim, between
 * {@value #START} and {@value #END}. {@code mvn verify -Pbench -Dbench.updateReadme=true} puts them there.
 */
final class BenchmarkReadme {

    static final String START = "<!-- bench:start -->";
    static final String END = "<!-- bench:end -->";

    private BenchmarkReadme() {
    }

    /** What the README shows between the markers. */
    static String section(String readme) {
        int start = markerAt(readme, START);
        int end = markerAt(readme, END);
        if (end < start) {
            throw new IllegalArgumentException(END + " comes before " + START);
        }
        String section = readme.substring(start + START.length(), end);
        return section.startsWith("\n") ? section.substring(1) : section;
    }

    /** The README with {@code table} between the markers in place of what was there. */
    static String splice(String readme, String table) {
        section(readme); // both markers, once each, in order
        int start = markerAt(readme, START) + START.length();
        int end = markerAt(readme, END);
        return readme.substring(0, start) + "\n" + table + readme.substring(end);
    }

    static void update(Path readme, String table) {
        try {
            Files.writeString(readme, splice(Files.readString(readme), table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int markerAt(String readme, String marker) {
        int at = readme.indexOf(marker);
        if (at < 0 || readme.indexOf(marker, at + 1) >= 0) {
            throw new IllegalArgumentException("the README needs " + marker + " exactly once");
        }
        return at;
    }
}
