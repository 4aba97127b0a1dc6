package dev.hflogin.keycloak.orgs;

import java.util.Locale;
import java.util.Optional;

/**
 * One entry of the {@code orgs} claim: only the fields this extension decides on. The full JSON
 * stays available to mappers.
 *
 * @param id     the org's {@code sub}, stable across renames; may be null
 * @param handle the org's {@code preferred_username}; may be null
 * @param role   {@code roleInOrg}; HF sends it only for orgs the user granted to the app
 */
public record HuggingFaceOrganization(String id, String handle, Optional<OrganizationRole> role) {

    /** Whether a configured entry (an org handle or an org ID) names this organization; case-insensitive. */
    public boolean isNamedBy(String entry) {
        if (entry == null || entry.isBlank()) {
            return false;
        }
        String wanted = entry.trim().toLowerCase(Locale.ROOT);
        return (id != null && id.toLowerCase(Locale.ROOT).equals(wanted))
                || (handle != null && handle.toLowerCase(Locale.ROOT).equals(wanted));
    }

    /** True when no minimum is asked, or the role HF reported is at least that minimum. */
    public boolean hasRoleAtLeast(Optional<OrganizationRole> minimum) {
        return minimum.isEmpty() || role.map(r -> r.isAtLeast(minimum.get())).orElse(false);
    }
}
