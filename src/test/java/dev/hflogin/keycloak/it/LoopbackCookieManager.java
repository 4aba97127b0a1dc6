package dev.hflogin.keycloak.it;

import org.htmlunit.CookieManager;
import org.htmlunit.util.Cookie;

import java.util.Set;

/**
 * Real browsers treat http://127.0.0.1 and localhost as a secure context and send Keycloak's
 * {@code Secure; SameSite=None} login cookies there; HtmlUnit does not, and a login then ends on
 * "Restart login cookie not found". This stores loopback cookies without the Secure flag, so
 * HtmlUnit behaves as Chrome does on loopback. Other hosts are untouched.
 */
final class LoopbackCookieManager extends CookieManager {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    @Override
    public synchronized void addCookie(Cookie cookie) {
        if (cookie.isSecure() && cookie.getDomain() != null && LOOPBACK.contains(cookie.getDomain())) {
            cookie = new Cookie(cookie.getDomain(), cookie.getName(), cookie.getValue(), cookie.getPath(),
                    cookie.getExpires(), false, cookie.isHttpOnly(), null);
        }
        super.addCookie(cookie);
    }
}
