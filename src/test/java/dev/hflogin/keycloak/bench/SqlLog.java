package dev.hflogin.keycloak.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL statements Keycloak logged (category {@code org.hibernate.SQL} at DEBUG), each reduced to its
 * verb and first table ({@code select USER_ENTITY}, {@code insert FED_USER...}), counted. A log entry
 * starts with a timestamp; Hibernate's formatted statements run over the lines after it.
 */
final class SqlLog {

    private static final Pattern ENTRY_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}", Pattern.MULTILINE);
    private static final String CATEGORY = "[org.hibernate.SQL]";
    private static final Pattern SHAPE = Pattern.compile(
            "^(select|insert|update|delete|merge)\\b.*?\\b(?:from|into|update|merge into)\\s+([A-Za-z_][A-Za-z0-9_.]*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern UPDATE = Pattern.compile("^update\\s+([A-Za-z_][A-Za-z0-9_.]*)", Pattern.CASE_INSENSITIVE);

    private SqlLog() {
    }

    /** Statement shape → how many times it ran, in this piece of the log. */
    static Map<String, Integer> statements(String log) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher starts = ENTRY_START.matcher(log);
        int previous = -1;
        while (starts.find()) {
            if (previous >= 0) {
                count(log.substring(previous, starts.start()), counts);
            }
            previous = starts.start();
        }
        if (previous >= 0) {
            count(log.substring(previous), counts);
        }
        return counts;
    }

    static int total(Map<String, Integer> statements) {
        return statements.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void count(String entry, Map<String, Integer> counts) {
        int category = entry.indexOf(CATEGORY);
        if (category < 0) {
            return;
        }
        String rest = entry.substring(category + CATEGORY.length());
        int threadEnd = rest.indexOf(')');
        String sql = (threadEnd >= 0 ? rest.substring(threadEnd + 1) : rest).strip().replaceAll("\\s+", " ");
        counts.merge(shape(sql), 1, Integer::sum);
    }

    /** {@code select USER_ENTITY}: the verb and the first table named after from/into/update. */
    static String shape(String sql) {
        Matcher update = UPDATE.matcher(sql);
        if (update.find()) {
            return "update " + update.group(1).toUpperCase(Locale.ROOT);
        }
        Matcher shape = SHAPE.matcher(sql);
        if (shape.find()) {
            return shape.group(1).toLowerCase(Locale.ROOT) + " " + shape.group(2).toUpperCase(Locale.ROOT);
        }
        return sql.length() > 40 ? sql.substring(0, 40) : sql;
    }
}
