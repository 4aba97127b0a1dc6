package dev.hflogin.keycloak;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The scope string sent to Hugging Face: the configured scopes plus what enabled features need. */
public final class HuggingFaceScopes {

    public static final String DEFAULT = "openid profile email";
    public static final String OPENID = "openid";
    public static final String READ_MEMBERSHIPS = "read-memberships";

    /** Scopes HF documents, offered in the admin console. Each must also be enabled on the HF app. */
    public static final List<String> KNOWN = List.of(
            "read-memberships", "read-billing", "read-repos", "gated-repos", "contribute-repos",
            "write-repos", "manage-repos", "read-collections", "write-collections", "inference-api",
            "read-endpoints", "write-endpoints", "jobs", "webhooks", "write-discussions");

    private HuggingFaceScopes() {
    }

    /**
     * @param configured       the Scopes field; blank means {@value #DEFAULT}
     * @param additional       the extra HF scopes picked in the admin console
     * @param needsMemberships true when an organization allow-list is set
     * @return space-separated, each scope once, {@code openid} always first
     */
    public static String effective(String configured, Collection<String> additional, boolean needsMemberships) {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add(OPENID);
        String base = configured == null || configured.isBlank() ? DEFAULT : configured;
        scopes.addAll(Arrays.asList(base.trim().split("\\s+")));
        if (additional != null) {
            additional.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        if (needsMemberships) {
            scopes.add(READ_MEMBERSHIPS);
        }
        return String.join(" ", scopes);
    }

    /** Whether a scope string (space-separated) asks for the user's organizations. */
    public static boolean includesMemberships(String scope) {
        return scope != null && Arrays.asList(scope.trim().split("\\s+")).contains(READ_MEMBERSHIPS);
    }
}
