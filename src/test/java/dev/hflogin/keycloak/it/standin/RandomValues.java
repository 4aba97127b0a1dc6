package dev.hflogin.keycloak.it.standin;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable identifiers: codes, tokens, user subs. */
final class RandomValues {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomValues() {
    }

    static String hex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }

    /** HF subs look like MongoDB object ids: 24 lowercase hex characters. */
    static String hfSub() {
        return hex(12);
    }
}
