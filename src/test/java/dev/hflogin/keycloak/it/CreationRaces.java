package dev.hflogin.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Counts the creation races the mappers lost and recovered from, as Keycloak logs them (one line each,
 * naming the HF org ID): a race test asserts that at least one happened, or it proved nothing.
 */
final class CreationRaces {

    private static final String LOST = "was created by a concurrent sign-in at the same moment";

    private CreationRaces() {
    }

    static long lostFor(String hfOrgId) {
        try {
            return Files.readAllLines(LiveEnvironment.get().keycloak().logFile()).stream()
                    .filter(line -> line.contains(LOST) && line.contains(hfOrgId)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
