package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ports a test hands to another process: outside what the kernel gives out meanwhile, never twice. */
class PortsTest {

    @Test
    void givenPortsForOtherProcesses_thenNoneIsInTheEphemeralRangeAndNoneRepeats() {
        int[] ephemeral = Ports.ephemeralRange();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            assertTrue(port < ephemeral[0] || port > ephemeral[1],
                    port + " is in the kernel's ephemeral range " + ephemeral[0] + "-" + ephemeral[1]
                            + ": a connection could take it before the server binds it");
            assertTrue(seen.add(port), "handed out twice: " + port);
        }
    }
}
