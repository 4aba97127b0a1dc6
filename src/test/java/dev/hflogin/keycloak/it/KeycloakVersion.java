package dev.hflogin.keycloak.it;

/** Compares the Keycloak version under test ("26.7.3") with a minor, for features that came in a later 26.x. */
final class KeycloakVersion {

    private KeycloakVersion() {
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return actualMajor > major || (actualMajor == major && actualMinor >= minor);
    }
}
