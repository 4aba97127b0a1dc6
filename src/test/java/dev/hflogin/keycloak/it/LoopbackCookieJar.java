package dev.hflogin.keycloak.it;

import java.net.HttpCookie;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cookies of one sign-in, kept as a browser keeps them. Browsers treat http://127.0.0.1 and
 * localhost as secure, so Keycloak's {@code Secure} cookies are sent there; java.net's CookieManager
 * would drop them. Like browsers, cookies do not depend on the port. Not thread-safe: one per login.
 */
final class LoopbackCookieJar {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    /** Key: host + path + name, as a cookie is replaced when all three match. */
    private final Map<String, Stored> cookies = new LinkedHashMap<>();

    private record Stored(String host, HttpCookie cookie) {
    }

    /** Takes the Set-Cookie headers of a response from {@code uri}. */
    void store(URI uri, List<String> setCookieHeaders) {
        for (String header : setCookieHeaders) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                String host = cookie.getDomain() != null ? cookie.getDomain().replaceFirst("^\\.", "") : uri.getHost();
                if (cookie.getPath() == null) {
                    cookie.setPath(defaultPath(uri));
                }
                String key = host + cookie.getPath() + "\n" + cookie.getName();
                // Max-Age=0 or an Expires in the past deletes; -1 means "until the browser closes".
                if (cookie.getMaxAge() == 0 || cookie.getMaxAge() < -1) {
                    cookies.remove(key);
                } else {
                    cookies.put(key, new Stored(host, cookie));
                }
            }
        }
    }

    /** The Cookie header value for a request to {@code uri}, or null when no cookie applies. */
    String header(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean secureContext = "https".equals(uri.getScheme()) || LOOPBACK.contains(uri.getHost());
        String value = cookies.values().stream()
                .filter(stored -> hostMatches(stored, uri.getHost()))
                .filter(stored -> pathMatches(stored.cookie().getPath(), path))
                .filter(stored -> secureContext || !stored.cookie().getSecure())
                .map(stored -> stored.cookie().getName() + "=" + stored.cookie().getValue())
                .collect(Collectors.joining("; "));
        return value.isEmpty() ? null : value;
    }

    private static boolean hostMatches(Stored stored, String host) {
        return host.equalsIgnoreCase(stored.host())
                || (stored.cookie().getDomain() != null
                    && host.toLowerCase(Locale.ROOT).endsWith("." + stored.host().toLowerCase(Locale.ROOT)));
    }

    /** RFC 6265 5.1.4. */
    private static boolean pathMatches(String cookiePath, String requestPath) {
        return requestPath.equals(cookiePath)
                || (requestPath.startsWith(cookiePath) && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/'));
    }

    private static String defaultPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
            return "/";
        }
        return path.substring(0, path.lastIndexOf('/'));
    }
}
