package dev.hflogin.keycloak.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Statements per login for each provider and phase, and, statement by statement, where they differ. */
record SqlReport(Map<String, Map<String, Integer>> statements, int logins) {

    String markdown() {
        StringBuilder md = new StringBuilder("| provider, phase | SQL statements per login |\n|---|---|\n");
        statements.forEach((series, counts) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |\n",
                series, SqlLog.total(counts) / (double) logins)));
        for (String phase : new String[]{"first login", "returning login"}) {
            Map<String, Integer> hf = statements.getOrDefault("huggingface, " + phase, Map.of());
            Map<String, Integer> generic = statements.getOrDefault("oidc, " + phase, Map.of());
            md.append("\n").append(phase).append(", statements per login where the providers differ:\n\n")
                    .append("| statement | huggingface | oidc |\n|---|---|---|\n");
            TreeSet<String> shapes = new TreeSet<>(hf.keySet());
            shapes.addAll(generic.keySet());
            for (String shape : shapes) {
                int a = hf.getOrDefault(shape, 0);
                int b = generic.getOrDefault(shape, 0);
                if (a != b) {
                    md.append(String.format(Locale.ROOT, "| `%s` | %.1f | %.1f |\n", shape, a / (double) logins, b / (double) logins));
                }
            }
        }
        return md.toString();
    }
}
