package dev.hflogin.keycloak.it;

import java.nio.file.Path;

/** What Maven's failsafe plugin hands the integration tests (see pom.xml). */
final class TestSettings {

    private TestSettings() {
    }

    static String keycloakVersion() {
        return System.getProperty("keycloak.server.version", "26.7.3");
    }

    static String runtime() {
        return System.getProperty("keycloak.runtime", "distribution");
    }

    static Path buildDir() {
        return Path.of(System.getProperty("build.dir", "target")).toAbsolutePath();
    }

    static Path distDir() {
        return Path.of(System.getProperty("keycloak.dist.dir", buildDir().resolve("keycloak-dist").toString()));
    }

    static Path providerJar() {
        return Path.of(System.getProperty("provider.jar", buildDir().resolve("keycloak-huggingface.jar").toString()));
    }

    static Path logDir() {
        return buildDir().resolve("it-logs");
    }

    static Path screenshotDir() {
        return buildDir().resolve("screenshots");
    }
}
