package dev.hflogin.keycloak.it.docker;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The local Docker engine, asked through the docker command line. */
public final class DockerEngine {

    public static final String MISSING = "needs a Docker engine (`docker version` answers with a server version): "
            + ".ci/run installs docker.io and starts dockerd";

    private DockerEngine() {
    }

    /** Whether a Docker engine answers on this machine. */
    public static boolean available(Path log) {
        return BoundedCommand.of(Duration.ofSeconds(30), "docker", "version", "--format", "{{.Server.Version}}")
                .run(log).ok();
    }

    /**
     * The address of this machine on Docker's default bridge network (docker0): the one address at
     * which a container reaches a server of this machine, without that server listening on every
     * address. From the network's settings, else from the docker0 interface.
     */
    public static InetAddress bridgeGateway(Path log) {
        String gateway = BoundedCommand.of(Duration.ofSeconds(30), "docker", "network", "inspect", "bridge",
                "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}").run(log).orThrow().lastLine();
        try {
            if (!gateway.isEmpty()) {
                return InetAddress.getByName(gateway); // a literal address: nothing is looked up
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Docker's bridge gateway is not an address: " + gateway, e);
        }
        return docker0().orElseThrow(() -> new IllegalStateException(
                "Docker's bridge network has no gateway and there is no docker0 interface: start dockerd with --bip=172.17.0.1/16"));
    }

    private static Optional<InetAddress> docker0() {
        try {
            NetworkInterface bridge = NetworkInterface.getByName("docker0");
            return bridge == null ? Optional.empty()
                    : bridge.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
