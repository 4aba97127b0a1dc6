package dev.hflogin.keycloak.orgs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the {@code orgs} claim: only the fields this extension decides on. The full JSON
 * stays available to mappers.
 *
 * @param id     the org's {@code sub}, stable across renames; may be null
 * @param handle the org's {@code preferred_username}; may be null
 * @param role   {@code roleInOrg}; HF sends it only for orgs the user granted to the app
 * @param name   the org's display name ({@code name}); may be null
 * @param plan   the org's plan ({@code plan}, e.g. {@code team}, {@code enterprise}), lower case; from the
 *               deprecated {@code isEnterprise} when HF sends no plan; null when neither says
 * @param securityRestrictions what the org demands that the user has not done yet ({@code mfa}, {@code sso},
 *               {@code ip}, {@code token-policy}, ...), lower case; the deprecated {@code pendingSSO} and
 *               {@code missingMFA} read as {@code sso} and {@code mfa}; empty when none
 * @param resourceGroups the user's resource groups in the org (Enterprise orgs); empty when none
 */
public record HuggingFaceOrganization(String id, String handle, Optional<OrganizationRole> role, String name,
                                      String plan, List<String> securityRestrictions, List<ResourceGroup> resourceGroups) {

    public HuggingFaceOrganization {
        securityRestrictions = securityRestrictions == null ? List.of() : List.copyOf(securityRestrictions);
        resourceGroups = resourceGroups == null ? List.of() : List.copyOf(resourceGroups);
    }

    public HuggingFaceOrganization(String id, String handle, Optional<OrganizationRole> role, String name) {
        this(id, handle, role, name, null, List.of(), List.of());
    }

    public HuggingFaceOrganization(String id, String handle, Optional<OrganizationRole> role) {
        this(id, handle, role, null);
    }

    /** HF org IDs are 24 hex digits (a MongoDB ObjectId). */
    private static final Pattern ID_FORM = Pattern.compile("[0-9a-fA-F]{24}");

    /** Whether a configured entry has the form of an org ID; every other entry is a handle. */
    public static boolean isIdForm(String entry) {
        return entry != null && ID_FORM.matcher(entry.trim()).matches();
    }

    /**
     * Whether a configured entry names this organization, case-insensitively: an entry of the ID form
     * matches the org's ID only, any other entry its handle only. (A handle may look like an ID; it
     * must never let an org in through another org's ID.)
     */
    public boolean isNamedBy(String entry) {
        if (entry == null || entry.isBlank()) {
            return false;
        }
        String wanted = entry.trim();
        String candidate = isIdForm(wanted) ? id : handle;
        return candidate != null && candidate.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT));
    }

    /** True when no minimum is asked, or the role HF reported is at least that minimum. */
    public boolean hasRoleAtLeast(Optional<OrganizationRole> minimum) {
        return minimum.isEmpty() || role.map(r -> r.isAtLeast(minimum.get())).orElse(false);
    }
}
