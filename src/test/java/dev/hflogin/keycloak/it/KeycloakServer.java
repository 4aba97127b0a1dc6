package dev.hflogin.keycloak.it;

import java.nio.file.Path;

/** A running Keycloak with the provider JAR installed, reachable on loopback. */
public interface KeycloakServer extends AutoCloseable {

    /** e.g. {@code http://127.0.0.1:43210}, no trailing slash. */
    String baseUrl();

    /** Where the server's output goes; kept under target/ for failed runs. */
    Path logFile();

    String version();

    @Override
    void close();
}
