package dev.hflogin.keycloak.it.standin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Authorization codes, access tokens and refresh tokens, with HF's lifetimes. */
final class TokenStore {

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(8);
    static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(90);

    /** A code plus what the token request must present again. */
    record AuthorizationCode(Grant grant, String redirectUri, String codeChallenge, Instant expiresAt) {
    }

    record IssuedTokens(String accessToken, String refreshToken) {
    }

    private record Stored(Grant grant, Instant expiresAt) {
    }

    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Stored> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Stored> refreshTokens = new ConcurrentHashMap<>();

    String issueCode(Grant grant, String redirectUri, String codeChallenge, Duration lifetime) {
        pruneExpired();
        String code = RandomValues.hex(20);
        IssuedSecrets.issued(code);
        codes.put(code, new AuthorizationCode(grant, redirectUri, codeChallenge, Instant.now().plus(lifetime)));
        return code;
    }

    /** Removes the code whatever happens next, so it can never be used twice. */
    Optional<AuthorizationCode> consumeCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        AuthorizationCode found = codes.remove(code);
        if (found == null || found.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    IssuedTokens issueTokens(Grant grant, Duration accessTokenLifetime) {
        return issueTokens(grant, accessTokenLifetime, true);
    }

    /** @param withRefreshToken false: an access token only (refreshToken() is null) */
    IssuedTokens issueTokens(Grant grant, Duration accessTokenLifetime, boolean withRefreshToken) {
        Instant now = Instant.now();
        String access = "hf_oauth_" + RandomValues.hex(20);
        IssuedSecrets.issued(access);
        accessTokens.put(access, new Stored(grant, now.plus(accessTokenLifetime)));
        if (!withRefreshToken) {
            return new IssuedTokens(access, null);
        }
        String refresh = "hf_oauth_refresh_" + RandomValues.hex(20);
        IssuedSecrets.issued(refresh);
        refreshTokens.put(refresh, new Stored(grant, now.plus(REFRESH_TOKEN_LIFETIME)));
        return new IssuedTokens(access, refresh);
    }

    Optional<Grant> grantForAccessToken(String accessToken) {
        return live(accessTokens, accessToken);
    }

    /** Kills the refresh token (rotation) and returns its grant if it was alive and the client's. */
    Optional<Grant> consumeRefreshToken(String refreshToken, String clientId) {
        if (refreshToken == null) {
            return Optional.empty();
        }
        Stored stored = refreshTokens.get(refreshToken);
        if (stored == null || !stored.grant().clientId().equals(clientId)) {
            return Optional.empty();
        }
        if (!refreshTokens.remove(refreshToken, stored) || stored.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(stored.grant());
    }

    /** What "revoke the app on HF's settings page" does: every token of that user dies. */
    void revokeUser(String userSub) {
        codes.values().removeIf(code -> code.grant().userSub().equals(userSub));
        accessTokens.values().removeIf(stored -> stored.grant().userSub().equals(userSub));
        refreshTokens.values().removeIf(stored -> stored.grant().userSub().equals(userSub));
    }

    private static Optional<Grant> live(Map<String, Stored> tokens, String token) {
        Stored stored = token == null ? null : tokens.get(token);
        if (stored == null || stored.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(stored.grant());
    }

    private void pruneExpired() {
        Instant now = Instant.now();
        codes.values().removeIf(code -> code.expiresAt().isBefore(now));
        accessTokens.values().removeIf(stored -> stored.expiresAt().isBefore(now));
    }
}
