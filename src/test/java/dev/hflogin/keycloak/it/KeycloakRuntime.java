package dev.hflogin.keycloak.it;

/** Starts the Keycloak runtime chosen with {@code -Dkeycloak.runtime} (distribution or container). */
final class KeycloakRuntime {

    private KeycloakRuntime() {
    }

    static KeycloakServer start() {
        String version = TestSettings.keycloakVersion();
        return switch (TestSettings.runtime()) {
            case "distribution" -> DistributionKeycloakServer.start(TestSettings.distDir(), version,
                    TestSettings.providerJar(), TestSettings.logDir());
            case "container" -> ContainerKeycloakServer.start(version, TestSettings.providerJar(), TestSettings.distZip(),
                    TestSettings.logDir());
            default -> throw new IllegalArgumentException(
                    "keycloak.runtime must be 'distribution' or 'container', not " + TestSettings.runtime());
        };
    }
}
