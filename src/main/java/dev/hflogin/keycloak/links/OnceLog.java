package dev.hflogin.keycloak.links;

import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warnings an admin must act on (a name taken, a link missing), logged once per node and key rather
 * than at every sign-in. Bounded: past the limit they are logged again each time, never held forever.
 */
final class OnceLog {

    private static final int LIMIT = 10_000;
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private OnceLog() {
    }

    static void warn(Logger log, String key, String format, Object... args) {
        if (SEEN.size() >= LIMIT) {
            SEEN.clear();
        }
        if (SEEN.add(key)) {
            log.warnf(format, args);
        }
    }
}
