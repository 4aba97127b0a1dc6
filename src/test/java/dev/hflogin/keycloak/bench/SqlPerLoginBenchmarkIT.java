package dev.hflogin.keycloak.bench;

import dev.hflogin.keycloak.it.HttpLoginFlow;
import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL statements per login, Hugging Face provider against the generic broker in the benchmark's realm
 * ({@link BenchmarkRealm}: same mapping work, sync mode FORCE), one login at a time, counted from
 * Keycloak's log. Needs Keycloak to log its SQL:
 * {@code KC_LOG_LEVEL=info,org.hibernate.SQL:debug mvn -B verify -Pbench -Dit.test=SqlPerLoginBenchmarkIT};
 * skipped, saying so, otherwise. Prints the counts and writes target/benchmark/sql-per-login.md.
 *
 * <p>Asserted, statement by statement (verb and table): the provider runs none the generic broker does not
 * run as often, except what its features need and Keycloak offers no cached way to do:
 * <ul>
 *   <li>sync mode FORCE, first login: one look-up of the user by federated identity
 *   ({@link #USERNAME_SYNC_LOOKUP}): the provider reads the user's link before Keycloak updates it, to follow
 *   a rename on Hugging Face; for a user not yet there it finds nothing, and Keycloak's user cache keeps no
 *   "not found";</li>
 *   <li>no allow-list ({@code -Dbench.allowList=}): one look-up of the provider's mappers when building the
 *   authorize URL ({@link #MAPPER_LOOKUP}, and one config read per mapper), to learn whether an organization
 *   mapper needs HF to send the memberships.</li>
 * </ul>
 */
@ExtendWith(LiveEnvironment.class)
class SqlPerLoginBenchmarkIT {

    static final int LOGINS = Integer.getInteger("bench.sqlLogins", 10);
    /** What one {@code getUserByFederatedIdentity} that finds nobody runs: the local users, then the federated storage. */
    static final List<String> USERNAME_SYNC_LOOKUP = List.of("select FEDERATED_IDENTITY", "select BROKER_LINK");
    /** What listing a provider's mappers runs: the mappers, then each one's config. */
    static final String MAPPER_LOOKUP = "select IDENTITY_PROVIDER_MAPPER";
    static final String MAPPER_CONFIG = "select IDP_MAPPER_CONFIG";

    @Test
    void givenSqlLogging_whenSigningInOneAtATime_thenPrintsTheStatementsOfEachLogin() throws Exception {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        Path log = env.keycloak().logFile();
        try (HuggingFaceStandIn hfUpstream = HuggingFaceStandIn.start();
             HuggingFaceStandIn oidcUpstream = HuggingFaceStandIn.start()) {
            TestRealm realm = BenchmarkRealm.create(env, hfUpstream, oidcUpstream);
            for (int i = 0; i <= LOGINS; i++) {
                hfUpstream.addUser(BenchmarkRealm.member("huggingface-sql-" + i));
                oidcUpstream.addUser(BenchmarkRealm.member("oidc-sql-" + i));
            }
            long before = Files.size(log);
            signIn(env, realm, "huggingface", 0); // warm-up: caches, JIT, JWKS
            signIn(env, realm, "oidc", 0);
            if (SqlLog.total(SqlLog.statements(read(log, before))) == 0) {
                String why = "SKIPPED: SqlPerLoginBenchmarkIT: Keycloak does not log its SQL: run with "
                        + "KC_LOG_LEVEL=info,org.hibernate.SQL:debug";
                System.out.println(why);
                Assumptions.abort(why);
            }

            Map<String, Map<String, Integer>> perPhase = new LinkedHashMap<>();
            for (String phase : List.of("first login", "returning login")) {
                for (String provider : BenchmarkRealm.PROVIDERS) {
                    long start = Files.size(log);
                    for (int i = 1; i <= LOGINS; i++) {
                        signIn(env, realm, provider, i);
                    }
                    Thread.sleep(200); // the last statements reach the log file
                    perPhase.put(provider + ", " + phase, SqlLog.statements(read(log, start)));
                }
            }
            SqlReport report = new SqlReport(perPhase, LOGINS);
            System.out.println(report.markdown());
            Path dir = Path.of(System.getProperty("build.dir", "target")).resolve("benchmark");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sql-per-login.md"), report.markdown());

            for (String phase : List.of("first login", "returning login")) {
                Map<String, Integer> hf = perPhase.get("huggingface, " + phase);
                Map<String, Integer> generic = perPhase.get("oidc, " + phase);
                hf.forEach((statement, count) -> {
                    int allowed = generic.getOrDefault(statement, 0) + LOGINS * allowedExtra(phase, statement);
                    assertTrue(count <= allowed, phase + ": the provider runs '" + statement + "' " + count + " times in "
                            + LOGINS + " logins, the generic broker " + generic.getOrDefault(statement, 0) + "\n" + report.markdown());
                });
            }
        }
    }

    /** Organizations per user in {@link #givenSqlLogging_whenUsersIn1And100OrganizationsSignInAgain_thenThe100AddNoWrite}. */
    static final List<Integer> ORG_COUNTS = List.of(1, 100);
    /** The tables an organization or group membership lives in: a returning login with nothing changed writes none. */
    static final List<String> MEMBERSHIP_TABLES = List.of("USER_GROUP_MEMBERSHIP", "USER_ATTRIBUTE", "ORG", "ORG_DOMAIN",
            "KEYCLOAK_GROUP", "GROUP_ATTRIBUTE");
    private static final HttpLoginFlow ORG_FLOW = new HttpLoginFlow("social-huggingface", Duration.ofSeconds(120));

    /**
     * Users in 1 and in 100 Hugging Face organizations sign in again with nothing changed, through the organization
     * benchmark's realm (group mapper and organization member mapper, FORCE, creating what is missing), one login at a
     * time. Asserted: the 100 organizations add no write (no insert, update or delete the 1-org login does not run as
     * often) and none at all on the tables memberships live in. Prints both counts.
     */
    @Test
    void givenSqlLogging_whenUsersIn1And100OrganizationsSignInAgain_thenThe100AddNoWrite() throws Exception {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        Path log = env.keycloak().logFile();
        try (HuggingFaceStandIn upstream = HuggingFaceStandIn.start()) {
            TestRealm realm = OrganizationScaleBenchmarkIT.realm(env, upstream);
            for (int orgs : ORG_COUNTS) {
                for (int i = 0; i <= LOGINS; i++) {
                    HfUser user = HfUser.withHandle("sql" + orgs + "-user" + i).name("Bench sql" + orgs + "-user" + i);
                    for (int j = 0; j < orgs; j++) {
                        String org = "sqlteam" + orgs + "-" + j;
                        user.addOrg(HfUser.org(OrganizationScaleBenchmarkIT.orgId(org), "Org " + org, org).put("roleInOrg", "write"));
                    }
                    upstream.addUser(user);
                }
            }
            long before = Files.size(log);
            for (int orgs : ORG_COUNTS) {
                signInOrgUser(env, realm, orgs, 0); // creates the series' orgs and groups
            }
            if (SqlLog.total(SqlLog.statements(read(log, before))) == 0) {
                String why = "SKIPPED: SqlPerLoginBenchmarkIT: Keycloak does not log its SQL: run with "
                        + "KC_LOG_LEVEL=info,org.hibernate.SQL:debug";
                System.out.println(why);
                Assumptions.abort(why);
            }

            Map<String, Map<String, Integer>> perSeries = new LinkedHashMap<>();
            // First logins join the orgs user 0 created. The membership cache is warmed after each login, off the response
            // (MembershipCacheWarmUp); Keycloak keeps nothing a session reads while another commits a change (a user
            // created), so warm-ups overlapping the next first login do not stick: the first returning login finds the
            // cache cold and warms it, the second finds it warm.
            for (String phase : List.of("first login", "returning login", "returning login again")) {
                for (int orgs : ORG_COUNTS) {
                    Thread.sleep(2000); // the warm-ups of the logins before have finished
                    long start = Files.size(log);
                    for (int i = 1; i <= LOGINS; i++) {
                        signInOrgUser(env, realm, orgs, i);
                    }
                    Thread.sleep(200); // the last statements reach the log file
                    perSeries.put(orgs + " orgs, " + phase, SqlLog.statements(read(log, start)));
                }
            }
            StringBuilder md = new StringBuilder("| orgs per user, phase | SQL statements per login | writes per login |\n|---|---|---|\n");
            perSeries.forEach((series, counts) -> md.append(String.format(java.util.Locale.ROOT, "| %s | %.1f | %.1f |\n", series,
                    SqlLog.total(counts) / (double) LOGINS, writes(counts).values().stream().mapToInt(Integer::intValue).sum()
                            / (double) LOGINS)));
            for (String phase : List.of("first login", "returning login again")) {
                md.append("\n").append(phase.equals("first login") ? "First login (joining existing organizations)"
                        : "Returning login again (membership cache warm)").append(", statements per login, by shape "
                        + "(1 org / 100 orgs):\n\n| statement | 1 org | 100 orgs |\n|---|---|---|\n");
                Map<String, Integer> one = perSeries.get("1 orgs, " + phase);
                Map<String, Integer> hundred = perSeries.get("100 orgs, " + phase);
                java.util.TreeSet<String> shapes = new java.util.TreeSet<>(one.keySet());
                shapes.addAll(hundred.keySet());
                shapes.forEach(shape -> md.append(String.format(java.util.Locale.ROOT, "| `%s` | %.1f | %.1f |\n", shape,
                        one.getOrDefault(shape, 0) / (double) LOGINS, hundred.getOrDefault(shape, 0) / (double) LOGINS)));
            }
            System.out.println(md);
            Path dir = Path.of(System.getProperty("build.dir", "target")).resolve("benchmark");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sql-per-login-organizations.md"), md.toString());

            for (String phase : List.of("returning login", "returning login again")) {
                assertNoWriteOf100(perSeries.get("1 orgs, " + phase), perSeries.get("100 orgs, " + phase), md.toString());
            }
        }
    }

    /** The 100-org login runs no write the 1-org login does not run as often, and none on a membership table. */
    private static void assertNoWriteOf100(Map<String, Integer> one, Map<String, Integer> hundred, String md) {
        writes(hundred).forEach((statement, count) -> {
            assertTrue(count <= one.getOrDefault(statement, 0), "a returning login in 100 orgs with nothing changed runs '"
                    + statement + "' " + count + " times in " + LOGINS + " logins, one in 1 org " + one.getOrDefault(statement, 0)
                    + "\n" + md);
            assertTrue(MEMBERSHIP_TABLES.stream().noneMatch(table -> statement.endsWith(" " + table)),
                    "a returning login with nothing changed writes no membership: '" + statement + "'\n" + md);
        });
    }

    /** The insert, update, delete and merge statements among these. */
    private static Map<String, Integer> writes(Map<String, Integer> statements) {
        Map<String, Integer> writes = new LinkedHashMap<>();
        statements.forEach((shape, count) -> {
            if (shape.matches("(insert|update|delete|merge) .*")) {
                writes.put(shape, count);
            }
        });
        return writes;
    }

    private static void signInOrgUser(LiveEnvironment.Resources env, TestRealm realm, int orgs, int user) {
        ORG_FLOW.signIn(realm.authorizationUrl(env.app().redirectUri()), "sql" + orgs + "-user" + user);
    }

    /** Statements per login the provider may run beyond the generic broker (see the class comment). */
    private static int allowedExtra(String phase, String statement) {
        int extra = 0;
        if (phase.equals("first login") && BenchmarkRealm.SYNC_MODE.equals("FORCE") && USERNAME_SYNC_LOOKUP.contains(statement)) {
            extra += 1;
        }
        if (BenchmarkRealm.ALLOW_LIST.isBlank()) {
            extra += statement.equals(MAPPER_LOOKUP) ? 1 : statement.equals(MAPPER_CONFIG) ? BenchmarkRealm.MAPPED_CLAIMS.size() : 0;
        }
        return extra;
    }

    private static void signIn(LiveEnvironment.Resources env, TestRealm realm, String provider, int user) {
        BenchmarkRealm.LOGIN_FLOWS.get(provider).signIn(realm.authorizationUrl(env.app().redirectUri()), provider + "-sql-" + user);
    }

    private static String read(Path file, long from) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
