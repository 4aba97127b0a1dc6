package dev.hflogin.keycloak.cluster;

import dev.hflogin.keycloak.it.Ports;
import dev.hflogin.keycloak.it.MissingTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from Debian's package, on 127.0.0.1 with trust authentication,
 * for the tests of Keycloak in production mode. PostgreSQL refuses to run as root, so as root it runs as the package's
 * 'postgres' user.
 */
final class LocalPostgres implements AutoCloseable {

    /** Debian puts each installed major version under /usr/lib/postgresql/<major>/bin. */
    private static final Path INSTALLS = Path.of("/usr/lib/postgresql");
    private static final Path BIN = newestInstalled().orElse(null);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String DATABASE = "keycloak";

    private final Path dataDir;
    private final int port;
    private final Path log;
    private Process server;

    private LocalPostgres(Path dataDir, int port, Path log) {
        this.dataDir = dataDir;
        this.port = port;
        this.log = log;
    }

    /** Skips the calling test, saying why, when Debian's postgresql package is not installed. */
    static LocalPostgres start(Path logDir) throws IOException, InterruptedException {
        MissingTool.skipUnless(BIN != null, "postgresql",
                "Keycloak on PostgreSQL needs Debian's 'postgresql' package (installed by .ci/run); none under " + INSTALLS);
        Path dataDir = Files.createTempDirectory("hf-kc-pg-");
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", dataDir.toString()));
        }
        run(asPostgres(BIN.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync"));
        int port = Ports.free();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("postgres.log");
        Files.deleteIfExists(log);
        LocalPostgres postgres = new LocalPostgres(dataDir, port, log);
        postgres.startServer();
        postgres.createDatabase(DATABASE);
        return postgres;
    }

    /** A new, empty database on this server, as for a fresh Keycloak; returns its JDBC URL. */
    String createDatabase(String name) throws IOException, InterruptedException {
        run(asPostgres(BIN.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", "postgres", name));
        return jdbcUrl(name);
    }

    /** The server on its data directory and port; its log is appended to, across restarts. */
    private void startServer() throws IOException, InterruptedException {
        server = new ProcessBuilder(asPostgres(BIN.resolve("postgres").toString(), "-D", dataDir.toString(),
                "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", dataDir.toString(), "-c", "fsync=off"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady();
    }

    /** The database goes away: a fast shutdown, which closes every client connection. Waits until it is down. */
    void stop() throws IOException, InterruptedException {
        run(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "stop", "-m", "fast"));
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("PostgreSQL did not stop within 30 s");
        }
    }

    /** Back on the same data directory and port, as after a database restart. */
    void restart() throws IOException, InterruptedException {
        startServer();
    }

    /** The bin directory of the newest PostgreSQL installed, whatever its version. */
    static Optional<Path> newestInstalled() {
        if (!Files.isDirectory(INSTALLS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLS)) {
            return versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The database made at start. */
    String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Process check = new ProcessBuilder(BIN.resolve("pg_isready").toString(), "-h", "127.0.0.1",
                    "-p", String.valueOf(port)).redirectErrorStream(true).start();
            if (check.waitFor(10, TimeUnit.SECONDS) && check.exitValue() == 0) {
                return;
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + server.exitValue());
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("PostgreSQL not ready within " + START_TIMEOUT);
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("failed: " + command + "\n" + output);
        }
    }

    @Override
    public void close() {
        try {
            if (server.isAlive()) { // a test may have stopped it
                run(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "stop", "-m", "immediate"));
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            run(List.of("rm", "-rf", dataDir.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
