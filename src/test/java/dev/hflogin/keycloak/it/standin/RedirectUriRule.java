package dev.hflogin.keycloak.it.standin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Set;

/**
 * HF's redirect_uri rule: exact string match, except that an http URI on a loopback host
 * (localhost, 127.0.0.1, [::1]) may use any port (RFC 8252 style).
 */
final class RedirectUriRule {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private RedirectUriRule() {
    }

    static boolean allows(Set<String> registered, String requested) {
        if (requested == null || requested.isEmpty()) {
            return false;
        }
        if (registered.contains(requested)) {
            return true;
        }
        String requestedWithoutPort = loopbackWithoutPort(requested);
        if (requestedWithoutPort == null) {
            return false;
        }
        return registered.stream()
                .map(RedirectUriRule::loopbackWithoutPort)
                .anyMatch(requestedWithoutPort::equals);
    }

    /** The URI with its port removed if it is an http loopback URI, else null. */
    private static String loopbackWithoutPort(String uri) {
        try {
            URI parsed = new URI(uri);
            String host = parsed.getHost();
            if (!"http".equals(parsed.getScheme()) || host == null
                    || !LOOPBACK_HOSTS.contains(host) || parsed.getRawUserInfo() != null
                    || parsed.getRawFragment() != null) {
                return null;
            }
            return "http://" + host + Objects.toString(parsed.getRawPath(), "")
                    + (parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
