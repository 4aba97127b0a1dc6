package dev.hflogin.keycloak.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for servers a test starts in another process (Keycloak), which binds
 * them later: seconds later on a busy machine. The port is found, then bound by the other process,
 * so it is taken from below the kernel's ephemeral range: no {@code bind(0)} and no outgoing
 * connection on this machine can take it in between, however long the start takes. A port is
 * handed out once per JVM.
 */
public final class Ports {

    /** Below this, ports belong to well-known services. */
    static final int LOWEST = 10000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static int free() {
        int ephemeralStart = ephemeralRange()[0];
        for (int attempt = 0; attempt < ATTEMPTS && ephemeralStart > LOWEST; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and the ephemeral range (from "
                + ephemeralStart + ") after " + ATTEMPTS + " tries");
    }

    /** The kernel's ephemeral ports, e.g. [32768, 60999] (Linux's default when the file is unreadable). */
    static int[] ephemeralRange() {
        try {
            String[] bounds = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
