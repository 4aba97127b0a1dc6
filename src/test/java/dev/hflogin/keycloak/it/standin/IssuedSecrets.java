package dev.hflogin.keycloak.it.standin;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the stand-ins of this JVM handed out or were given: authorization codes, access and
 * refresh tokens, ID tokens (their signature, the part no other token shares) and the registered apps'
 * client secrets. The end of the run looks for each in Keycloak's logs and on every refusal page seen.
 */
public final class IssuedSecrets {

    /** Shorter values are words, not secrets; every secret issued here is longer. */
    public static final int MIN_LENGTH = 12;

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private IssuedSecrets() {
    }

    static void issued(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            SECRETS.add(secret);
        }
    }

    /** A JWT's signature: a log line or page showing the token shows it. */
    static void issuedJwt(String jwt) {
        int lastDot = jwt.lastIndexOf('.');
        issued(lastDot < 0 ? jwt : jwt.substring(lastDot + 1));
    }

    public static List<String> all() {
        return List.copyOf(SECRETS);
    }

    /** For the test that shows the scan finds a secret. */
    public static void issuedForTest(String secret) {
        issued(secret);
    }
}
