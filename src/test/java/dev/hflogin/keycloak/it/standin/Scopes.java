package dev.hflogin.keycloak.it.standin;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The scope names Hugging Face knows, and helpers to parse a scope parameter. */
public final class Scopes {

    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    public static final String EMAIL = "email";
    public static final String READ_BILLING = "read-billing";
    public static final String READ_MEMBERSHIPS = "read-memberships";

    /** Every scope listed in HF's docs, in the order they appear there. */
    public static final List<String> ALL_HF_SCOPES = List.of(
            OPENID, PROFILE, EMAIL, READ_BILLING, READ_MEMBERSHIPS,
            "read-repos", "gated-repos", "contribute-repos", "write-repos", "manage-repos",
            "read-collections", "write-collections", "inference-api",
            "read-endpoints", "write-endpoints", "jobs", "webhooks", "write-discussions");

    private Scopes() {
    }

    /** Space-separated scope string to an ordered set; blank means none. */
    public static Set<String> parse(String scope) {
        if (scope == null || scope.isBlank()) {
            return Collections.emptySet();
        }
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
        return Collections.unmodifiableSet(scopes);
    }

    public static Set<String> of(String... scopes) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(scopes)));
    }

    static String join(Set<String> scopes) {
        return String.join(" ", scopes);
    }
}
