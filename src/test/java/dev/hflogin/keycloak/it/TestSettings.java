package dev.hflogin.keycloak.it;

import java.nio.file.Path;

/** What Maven's failsafe plugin hands the integration tests (see pom.xml). */
public final class TestSettings {

    private TestSettings() {
    }

    public static String keycloakVersion() {
        return System.getProperty("keycloak.server.version", "26.7.3");
    }

    public static String runtime() {
        return System.getProperty("keycloak.runtime", "distribution");
    }

    public static Path buildDir() {
        return Path.of(System.getProperty("build.dir", "target")).toAbsolutePath();
    }

    public static Path distDir() {
        return Path.of(System.getProperty("keycloak.dist.dir", buildDir().resolve("keycloak-dist").toString()));
    }

    public static Path providerJar() {
        return Path.of(System.getProperty("provider.jar", buildDir().resolve("keycloak-huggingface.jar").toString()));
    }

    /** Keycloak's distribution zip (the container profile copies it under target/), or null: build.sh fetches it. */
    public static Path distZip() {
        String zip = System.getProperty("keycloak.dist.zip", "");
        return zip.isEmpty() ? null : Path.of(zip);
    }

    public static Path logDir() {
        return buildDir().resolve("it-logs");
    }

    public static Path screenshotDir() {
        return buildDir().resolve("screenshots");
    }
}
