package dev.hflogin.keycloak.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * The user's Hugging Face grant as Keycloak stores it with their link (the token response JSON),
 * read and changed without losing fields Hugging Face may add. Immutable: changes return a copy.
 */
public final class StoredHubToken {

    /** Keycloak's own name (26.4+) for the access token's expiry, epoch seconds. */
    static final String EXPIRES_AT = "accessTokenExpiration";
    /** Set when Hugging Face refused the refresh token: the grant is dead until the user signs in again. */
    static final String GRANT_INVALID_AT = "huggingfaceGrantInvalidAt";
    /**
     * Set when a refresh failed for a passing reason (HF down or slow): until then (epoch seconds) no
     * request asks HF again. Stored with the grant, so every node's waiters read it under the row lock.
     */
    static final String REFRESH_UNAVAILABLE_UNTIL = "huggingfaceRefreshUnavailableUntil";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode json;

    private StoredHubToken(ObjectNode json) {
        this.json = json;
    }

    /** @param stored what Keycloak stored; anything that is not a JSON object reads as an empty grant */
    public static StoredHubToken parse(String stored) {
        if (stored != null && stored.trim().startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(stored);
                if (node instanceof ObjectNode object) {
                    return new StoredHubToken(object);
                }
            } catch (IOException e) {
                // unreadable: treated as no grant, never echoed (it holds secrets)
            }
        }
        return new StoredHubToken(JSON.createObjectNode());
    }

    public String accessToken() {
        return text("access_token");
    }

    public String refreshToken() {
        return text("refresh_token");
    }

    public OptionalLong expiresAt() {
        JsonNode at = json.get(EXPIRES_AT);
        return at != null && at.canConvertToLong() && at.asLong() > 0 ? OptionalLong.of(at.asLong()) : OptionalLong.empty();
    }

    /** No usable grant: Hugging Face refused it, or nothing is stored. */
    public boolean isGrantInvalid() {
        return json.has(GRANT_INVALID_AT) || (accessToken() == null && refreshToken() == null);
    }

    /** The access token expires within {@code minValiditySeconds}; unknown expiry counts as valid. */
    public boolean needsRefresh(long now, int minValiditySeconds) {
        return accessToken() == null || expiresAt().stream().anyMatch(at -> at < now + minValiditySeconds);
    }

    /** Adds the absolute expiry from {@code expires_in} when Keycloak did not (before 26.4). */
    public StoredHubToken withExpiry(long now) {
        if (expiresAt().isPresent() || !json.path("expires_in").canConvertToLong() || json.path("expires_in").asLong() <= 0) {
            return this;
        }
        ObjectNode copy = json.deepCopy();
        copy.put(EXPIRES_AT, now + json.get("expires_in").asLong());
        return new StoredHubToken(copy);
    }

    /** A refresh failed moments ago and HF is not asked again before this time (epoch seconds). */
    public boolean refreshRecentlyFailed(long now) {
        JsonNode until = json.get(REFRESH_UNAVAILABLE_UNTIL);
        return until != null && until.canConvertToLong() && until.asLong() > now;
    }

    /** The same grant, with HF not to be asked again before {@code until} (epoch seconds). */
    public StoredHubToken refreshUnavailableUntil(long until) {
        ObjectNode copy = json.deepCopy();
        copy.put(REFRESH_UNAVAILABLE_UNTIL, until);
        return new StoredHubToken(copy);
    }

    /**
     * After a refresh: Hugging Face's answer over the old grant. Its refresh token replaces the old
     * one (HF rotates them; the old one is dead now); fields it leaves out are kept.
     */
    public StoredHubToken rotated(ObjectNode refreshResponse, long now) {
        ObjectNode copy = json.deepCopy();
        refreshResponse.fields().forEachRemaining(field -> copy.set(field.getKey(), field.getValue()));
        copy.remove(EXPIRES_AT);
        copy.remove(GRANT_INVALID_AT);
        copy.remove(REFRESH_UNAVAILABLE_UNTIL);
        return new StoredHubToken(copy).withExpiry(now);
    }

    /** The grant Hugging Face refused, stripped of its dead tokens and marked, so no one reuses it. */
    public StoredHubToken invalidated(long now) {
        ObjectNode copy = json.deepCopy();
        copy.remove("access_token");
        copy.remove("refresh_token");
        copy.remove("id_token");
        copy.put(GRANT_INVALID_AT, now);
        return new StoredHubToken(copy);
    }

    /**
     * What an application receives: the access token with its type, scope and expiry, never the
     * refresh token (using it would kill Keycloak's copy) nor the ID token.
     */
    public ObjectNode applicationView(long now) {
        ObjectNode view = JSON.createObjectNode();
        view.put("access_token", accessToken());
        view.put("token_type", json.hasNonNull("token_type") ? json.get("token_type").asText() : "bearer");
        expiresAt().ifPresent(at -> {
            view.put("expires_in", Math.max(0, at - now));
            view.put(EXPIRES_AT, at);
        });
        if (json.hasNonNull("scope")) {
            view.put("scope", json.get("scope").asText());
        }
        return view;
    }

    public String serialize() {
        return json.toString();
    }

    private String text(String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
