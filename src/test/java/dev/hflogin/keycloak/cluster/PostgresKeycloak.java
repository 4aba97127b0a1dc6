package dev.hflogin.keycloak.cluster;

import dev.hflogin.keycloak.it.DistributionKeycloakServer;
import dev.hflogin.keycloak.it.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak from its distribution in production mode on a {@link LocalPostgres} database, and the
 * {@code kc.sh} commands an operator runs around it: build, export, import. The distribution (its own
 * directory in the cluster profile) is built once per test run: every test uses the same options.
 */
final class PostgresKeycloak {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static Path builtHome;

    private PostgresKeycloak() {
    }

    static String version() {
        return System.getProperty("keycloak.server.version");
    }

    static Path logDir(String name) {
        return Path.of(System.getProperty("build.dir", "target")).resolve("it-logs").resolve(name);
    }

    /** The distribution with the provider in providers/, after {@code kc.sh build} for PostgreSQL and clustering. */
    static synchronized Path built() throws IOException, InterruptedException {
        if (builtHome == null) {
            Path home = DistributionKeycloakServer.installProvider(Path.of(System.getProperty("keycloak.dist.dir")),
                    version(), Path.of(System.getProperty("provider.jar")));
            run(home, List.of("build", "--db=postgres", "--health-enabled=true", "--cache=ispn"),
                    logDir("cluster").resolve("build.log"));
            builtHome = home;
        }
        return builtHome;
    }

    /** Production mode on the database; the node answers as {@code publicPort}'s URL, as behind one load-balanced hostname. */
    static DistributionKeycloakServer start(String jdbcUrl, int port, int publicPort, Path log)
            throws IOException, InterruptedException {
        int management = Ports.free();
        List<String> arguments = new ArrayList<>(List.of("start", "--optimized",
                "--hostname=http://127.0.0.1:" + publicPort, "--http-enabled=true",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management,
                "--cache-embedded-network-bind-address=127.0.0.1", "--http-access-log-enabled=true",
                "--cache-embedded-network-bind-port=" + Ports.free(),
                DistributionKeycloakServer.recheckTickOption(version()))); // the short re-check tick (ClusterIT)
        arguments.addAll(database(jdbcUrl));
        return DistributionKeycloakServer.launch(built(), version(), arguments, log, port, management);
    }

    /**
     * {@code kc.sh export} of one realm, its users in the realm's own file ({@code <realm>-realm.json}),
     * from the database of a stopped server; returns that file.
     */
    static Path exportRealm(String jdbcUrl, String realm, Path dir, Path log) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("export", "--optimized", "--dir=" + dir, "--realm=" + realm,
                "--users=realm_file"));
        arguments.addAll(database(jdbcUrl));
        run(built(), arguments, log);
        return dir.resolve(realm + "-realm.json");
    }

    /** {@code kc.sh import} of every realm file in the directory into the database. */
    static void importRealms(String jdbcUrl, Path dir, Path log) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("import", "--optimized", "--dir=" + dir));
        arguments.addAll(database(jdbcUrl));
        run(built(), arguments, log);
    }

    private static List<String> database(String jdbcUrl) {
        return List.of("--db-url=" + jdbcUrl, "--db-username=postgres", "--db-password=unused");
    }

    /** A kc.sh command that ends by itself, bounded in time; fails on a non-zero exit. */
    private static void run(Path home, List<String> arguments, Path log) throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        ProcessBuilder command = DistributionKeycloakServer.kcCommand(home, arguments, log);
        // export and import take no --http-management-port, yet open the management interface (default
        // port 9000 on every address): a free loopback port keeps them clear of anything else on the machine
        command.environment().put("KC_HTTP_MANAGEMENT_PORT", String.valueOf(Ports.free()));
        command.environment().put("KC_HTTP_HOST", "127.0.0.1");
        Process process = command.start();
        boolean ended = process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertTrue(ended && process.exitValue() == 0, "kc.sh " + arguments.get(0) + " failed; see " + log);
    }
}
