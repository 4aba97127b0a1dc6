package dev.hflogin.keycloak.bench;

import dev.hflogin.keycloak.it.DistributionKeycloakServer;
import dev.hflogin.keycloak.it.KeycloakServer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time the Keycloak server's processes have used so far, as the operating system counts it
 * (user + system, every thread: request handling, GC, JIT). Less at the mercy of other work on the
 * machine than wall-clock throughput: a login costs about the same CPU time however long it waits
 * for a core. Known only for a Keycloak this JVM started as a local process.
 */
final class KeycloakCpu {

    private final List<Long> pids;

    private KeycloakCpu(List<Long> pids) {
        this.pids = pids;
    }

    static Optional<KeycloakCpu> of(KeycloakServer server) {
        if (server instanceof DistributionKeycloakServer local) {
            KeycloakCpu cpu = new KeycloakCpu(local.pids());
            return cpu.used().isPresent() ? Optional.of(cpu) : Optional.empty();
        }
        return Optional.empty(); // a container's processes are not ours to read
    }

    /** Total CPU time so far; empty when the operating system does not tell. */
    Optional<Duration> used() {
        Duration total = Duration.ZERO;
        for (long pid : pids) {
            Optional<Duration> cpu = ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration());
            if (cpu.isEmpty()) {
                return Optional.empty();
            }
            total = total.plus(cpu.get());
        }
        return Optional.of(total);
    }
}
