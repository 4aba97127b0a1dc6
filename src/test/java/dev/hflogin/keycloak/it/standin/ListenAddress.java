package dev.hflogin.keycloak.it.standin;

import javax.net.ssl.SSLContext;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Where the stand-in listens and whether it speaks TLS. Plain http on 127.0.0.1 by default; https on
 * another address of this machine when Keycloak runs in a container (the provider accepts plain http
 * for loopback only, and the container's loopback is not this machine's).
 *
 * @param port 0 for any free port
 * @param tls  the server's certificate and key, or empty for plain http
 */
public record ListenAddress(InetAddress address, int port, Optional<SSLContext> tls) {

    public static ListenAddress loopback(int port) {
        return new ListenAddress(InetAddress.getLoopbackAddress(), port, Optional.empty());
    }

    public static ListenAddress https(InetAddress address, SSLContext tls) {
        return new ListenAddress(address, 0, Optional.of(tls));
    }

    /** e.g. https://172.17.0.1:43123 for the port actually bound. */
    String baseUrl(int boundPort) {
        String host = address.getHostAddress();
        return (tls.isPresent() ? "https" : "http") + "://"
                + (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + boundPort;
    }
}
