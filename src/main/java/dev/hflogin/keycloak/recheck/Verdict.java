package dev.hflogin.keycloak.recheck;

import com.fasterxml.jackson.databind.JsonNode;

/** What one re-check found out about one linked user. */
sealed interface Verdict {

    /** Still allowed: access stays; FORCE organization mappers follow these userinfo claims. */
    record StillAllowed(JsonNode claims) implements Verdict {
    }

    /** No longer allowed, for the reason the rule names: the user's access ends. */
    record Refused(Rule rule, String detail) implements Verdict {
    }

    /**
     * Hugging Face could not say (down, slow, odd answer), or the check failed inside Keycloak ({@code insideKeycloak}):
     * nothing changes until the grace period ends.
     */
    record Unreachable(String reason, boolean insideKeycloak) implements Verdict {

        Unreachable(String reason) {
            this(reason, false);
        }

        /**
         * A check that threw inside Keycloak: said as such, with the exception's class and where it was thrown. Its
         * message is left out: it may quote what Hugging Face sent.
         */
        static Unreachable failedInside(RuntimeException e) {
            StackTraceElement[] trace = e.getStackTrace();
            String where = trace.length == 0 ? "" : " at " + trace[0].getClassName() + "." + trace[0].getMethodName()
                    + ":" + trace[0].getLineNumber();
            return new Unreachable(e.getClass().getName() + where, true);
        }
    }

    /** No stored grant to re-check with (linked before "Store tokens" was on): left to the session lifetime. */
    record NoGrant() implements Verdict {
    }

    /** The rule that ended a user's access; its name goes into the event and the log. */
    enum Rule {
        /** HF sent the user's organizations and none is on the allow-list. */
        NOT_A_MEMBER("not_a_member"),
        /** HF sent no organizations (scope read-memberships not granted): membership cannot be proven. */
        MEMBERSHIPS_MISSING("memberships_missing"),
        /** Security restrictions enforced: every allowed org of the user reports securityRestrictions not met. */
        SECURITY_RESTRICTIONS("security_restrictions"),
        /** HF refused the stored grant (revoked on HF, or expired unused). */
        GRANT_REVOKED("grant_revoked"),
        /** HF's userinfo named another user than the link. */
        SUBJECT_MISMATCH("subject_mismatch"),
        /** HF unreachable for longer than the grace period, and the admin chose to fail closed. */
        UNREACHABLE_AFTER_GRACE("unreachable_after_grace");

        private final String eventValue;

        Rule(String eventValue) {
            this.eventValue = eventValue;
        }

        String eventValue() {
            return eventValue;
        }
    }
}
