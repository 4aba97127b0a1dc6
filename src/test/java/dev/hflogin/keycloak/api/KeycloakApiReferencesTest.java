package dev.hflogin.keycloak.api;

import dev.hflogin.keycloak.HuggingFaceIdentityProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Keycloak API the JAR uses, kept in {@code src/test/resources/keycloak-api-references.txt} so
 * that checking a new Keycloak version (README, Compatibility) is a diff. When the compiled classes
 * start or stop referencing something, this fails and prints the difference; after checking the new
 * lines against the Keycloak versions the README lists, regenerate the file with
 * {@code mvn -B test -Dtest=KeycloakApiReferencesTest -Dkeycloak.api.update=true}.
 */
class KeycloakApiReferencesTest {

    static final Path LIST = Path.of("src/test/resources/keycloak-api-references.txt");

    @Test
    void givenCompiledProvider_thenItReferencesExactlyTheListedKeycloakApi() throws Exception {
        Path classes = Path.of(HuggingFaceIdentityProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> now = KeycloakApiReferences.of(classes, getClass().getClassLoader());
        assertTrue(now.contains("org/keycloak/broker/provider/AbstractIdentityProvider"), "the reader finds the provider's base class");
        if (Boolean.getBoolean("keycloak.api.update")) {
            Files.write(LIST, now, StandardCharsets.UTF_8);
            return;
        }
        TreeSet<String> listed = new TreeSet<>(Files.readAllLines(LIST, StandardCharsets.UTF_8));
        List<String> diff = new ArrayList<>();
        now.stream().filter(line -> !listed.contains(line)).forEach(line -> diff.add("+ " + line));
        listed.stream().filter(line -> !now.contains(line)).forEach(line -> diff.add("- " + line));
        if (!diff.isEmpty()) {
            fail("The JAR's Keycloak references changed (+ new, - gone). Check the new ones exist with this "
                    + "signature in every Keycloak version the README lists, then run "
                    + "mvn -B test -Dtest=KeycloakApiReferencesTest -Dkeycloak.api.update=true\n"
                    + String.join("\n", diff));
        }
    }
}
