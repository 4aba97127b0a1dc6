package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.ListenAddress;

import java.nio.file.Path;

/** A running Keycloak with the provider JAR installed, reachable on loopback. */
public interface KeycloakServer extends AutoCloseable {

    /** e.g. {@code http://127.0.0.1:43210}, no trailing slash. */
    String baseUrl();

    /** Where the server's output goes; kept under target/ for failed runs. */
    Path logFile();

    String version();

    /** Where a Hugging Face stand-in must listen for this Keycloak to reach it: 127.0.0.1, plain http. */
    default ListenAddress standInAddress() {
        return ListenAddress.loopback(0);
    }

    @Override
    void close();
}
