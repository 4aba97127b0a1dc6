package dev.hflogin.keycloak.bench;

import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
