package dev.hflogin.keycloak.recheck;

import java.util.Map;

/**
 * The re-check settings of one Hugging Face provider, read from its stored config map. The getters
 * never throw: an unreadable number falls back to its default, a value below the floor is raised to it.
 * {@link #validate} refuses such values when the admin saves them.
 */
public final class RecheckSettings {

    public static final String ENABLED = "recheckMembership";
    public static final String INTERVAL = "recheckIntervalSeconds";
    public static final String GRACE = "recheckGraceSeconds";
    public static final String AFTER_GRACE = "recheckAfterGrace";

    public static final long DEFAULT_INTERVAL_SECONDS = 15 * 60;
    public static final long DEFAULT_GRACE_SECONDS = 60 * 60;
    /** Below this, HF would be asked about every user many times a minute; tests use a few seconds. */
    public static final long MIN_INTERVAL_SECONDS = 1;

    /** What to do once HF has been unreachable for longer than the grace period. */
    public enum AfterGrace {
        /** Fail closed: end the user's sessions, as for a user no longer in the organization. */
        END_SESSIONS("end-sessions"),
        /** Fail open: keep the sessions, keep logging, until HF answers again. */
        KEEP_SESSIONS("keep-sessions");

        private final String value;

        AfterGrace(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static AfterGrace of(String stored) {
            return KEEP_SESSIONS.value.equals(stored == null ? null : stored.trim()) ? KEEP_SESSIONS : END_SESSIONS;
        }
    }

    private final Map<String, String> config;

    public RecheckSettings(Map<String, String> config) {
        this.config = config == null ? Map.of() : config;
    }

    public boolean enabled() {
        return "true".equalsIgnoreCase(String.valueOf(config.get(ENABLED)).trim());
    }

    public long intervalSeconds() {
        return Math.max(MIN_INTERVAL_SECONDS, seconds(INTERVAL, DEFAULT_INTERVAL_SECONDS));
    }

    public long graceSeconds() {
        return Math.max(0, seconds(GRACE, DEFAULT_GRACE_SECONDS));
    }

    public AfterGrace afterGrace() {
        return AfterGrace.of(config.get(AFTER_GRACE));
    }

    /**
     * Refuses, when re-checking is on, what would make it silently do nothing: no stored grant to
     * re-check with, or numbers that are not numbers.
     *
     * @param storeTokens whether the provider's "Store tokens" is on
     * @throws IllegalArgumentException naming the field to fix
     */
    public void validate(boolean storeTokens) {
        if (!enabled()) {
            return;
        }
        if (!storeTokens) {
            throw new IllegalArgumentException("Re-checking Hugging Face membership needs \"Store tokens\" on: "
                    + "without a stored Hugging Face grant there is nothing to re-check with");
        }
        requireSeconds(INTERVAL, MIN_INTERVAL_SECONDS);
        requireSeconds(GRACE, 0);
        String after = config.get(AFTER_GRACE);
        if (after != null && !after.isBlank() && !AfterGrace.END_SESSIONS.value().equals(after.trim())
                && !AfterGrace.KEEP_SESSIONS.value().equals(after.trim())) {
            throw new IllegalArgumentException(AFTER_GRACE + " must be " + AfterGrace.END_SESSIONS.value()
                    + " or " + AfterGrace.KEEP_SESSIONS.value());
        }
    }

    private void requireSeconds(String key, long min) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            if (Long.parseLong(value.trim()) >= min) {
                return;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(key + " must be a whole number of seconds, at least " + min);
    }

    private long seconds(String key, long fallback) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
