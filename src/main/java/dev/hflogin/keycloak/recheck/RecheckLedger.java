package dev.hflogin.keycloak.recheck;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What the re-check remembers between ticks, in Keycloak's single-use object store (replicated to
 * every node of a cluster, entries expiring on their own): which users were checked in the current
 * interval, and since when Hugging Face has been unreachable for a user. Lost on a full restart,
 * which only means everyone is checked again within the next interval and the grace period restarts.
 */
final class RecheckLedger {

    private static final String PREFIX = "hf-recheck.";
    private static final String SINCE = "since";

    private final SingleUseObjectProvider store;
    private final String scope;

    RecheckLedger(KeycloakSession session, String realmId, String alias) {
        this.store = session.singleUseObjects();
        this.scope = realmId + "." + alias + ".";
    }

    /** Whether the user was checked less than an interval ago. */
    boolean checkedRecently(String userId) {
        return store.contains(PREFIX + "checked." + scope + userId);
    }

    /** Claims this interval's check of the user; false when another node or tick already did. */
    boolean claim(String userId, long intervalSeconds) {
        return store.putIfAbsent(PREFIX + "checked." + scope + userId, intervalSeconds);
    }

    /** When a check first found Hugging Face unreachable for this user, in epoch seconds; empty while it answers. */
    OptionalLong unreachableSince(String userId) {
        Map<String, String> notes = store.get(PREFIX + "unreachable." + scope + userId);
        if (notes == null || notes.get(SINCE) == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(notes.get(SINCE)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** @param keepSeconds long enough to outlive the grace period plus a check */
    void markUnreachable(String userId, long since, long keepSeconds) {
        store.put(PREFIX + "unreachable." + scope + userId, keepSeconds, Map.of(SINCE, String.valueOf(since)));
    }

    void clearUnreachable(String userId) {
        if (store.contains(PREFIX + "unreachable." + scope + userId)) {
            store.remove(PREFIX + "unreachable." + scope + userId);
        }
    }
}
