package dev.hflogin.keycloak.orgs;

import dev.hflogin.keycloak.profile.HuggingFaceProfile;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The organizations whose members may sign in. Entries are org handles ({@code huggingface}) or
 * org IDs (the org's {@code sub}, 24 hex digits); both are compared without regard to case, an ID
 * only with IDs and a handle only with handles ({@link HuggingFaceOrganization#isNamedBy}). When the
 * admin enforces security restrictions, a listed organization counts only while Hugging Face reports no
 * {@code securityRestrictions} for the user there; HF reports them only for organizations the user
 * granted to the app (those the allow-list names by ID are asked for).
 */
public final class OrganizationAllowList {

    public enum Decision {
        /** No allow-list configured, or the user belongs to a listed organization. */
        ADMITTED,
        /** HF sent the user's organizations and none is listed. */
        NOT_A_MEMBER,
        /** HF sent no {@code orgs} claim: membership cannot be proven, so the login is refused. */
        MEMBERSHIPS_MISSING,
        /**
         * The user is in a listed organization, but (security restrictions enforced) HF reports in every
         * such organization {@code securityRestrictions} the user has not met (SSO, MFA, ...).
         */
        SECURITY_RESTRICTIONS
    }

    private final List<String> entries;
    /** The entries lower-cased, split by form once, so that deciding is a set look-up per organization. */
    private final Set<String> ids;
    private final Set<String> handles;
    /** Whether a listed organization counts only while HF reports no securityRestrictions for the user there. */
    private final boolean securityRestrictionsEnforced;

    private OrganizationAllowList(List<String> entries, boolean securityRestrictionsEnforced) {
        this.entries = entries;
        this.securityRestrictionsEnforced = securityRestrictionsEnforced;
        this.ids = entries.stream().filter(HuggingFaceOrganization::isIdForm)
                .map(OrganizationAllowList::lowerCase).collect(Collectors.toUnmodifiableSet());
        this.handles = entries.stream().filter(entry -> !HuggingFaceOrganization.isIdForm(entry))
                .map(OrganizationAllowList::lowerCase).collect(Collectors.toUnmodifiableSet());
    }

    public static OrganizationAllowList of(Collection<String> rawEntries) {
        if (rawEntries == null) {
            return new OrganizationAllowList(List.of(), false);
        }
        return new OrganizationAllowList(rawEntries.stream()
                .filter(Objects::nonNull)
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .distinct()
                .toList(), false);
    }

    /**
     * This list, where a listed organization counts only while Hugging Face reports no
     * {@code securityRestrictions} for the user there (the admin's "Enforce security restrictions").
     */
    public OrganizationAllowList enforcingSecurityRestrictions(boolean enforced) {
        return enforced == securityRestrictionsEnforced ? this : new OrganizationAllowList(entries, enforced);
    }

    public boolean securityRestrictionsEnforced() {
        return securityRestrictionsEnforced;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<String> entries() {
        return entries;
    }

    /** Entries that are org IDs: sent to HF as {@code orgIds} so the consent screen offers them. */
    public List<String> organizationIds() {
        return entries.stream().filter(HuggingFaceOrganization::isIdForm).toList();
    }

    /**
     * Whether this organization may be counted: no allow-list, or the list names it (as
     * {@link HuggingFaceOrganization#isNamedBy} does: an ID entry by ID, any other entry by handle).
     */
    public boolean allows(HuggingFaceOrganization organization) {
        return entries.isEmpty() || (isListed(organization) && restrictionsMet(organization));
    }

    /** Whether the organization may count as far as its security restrictions go: nothing enforced, or none reported. */
    private boolean restrictionsMet(HuggingFaceOrganization organization) {
        return !securityRestrictionsEnforced || organization.securityRestrictions().isEmpty();
    }

    /**
     * Whether the admin named this org <em>handle</em> in the list (not its ID): the one case in which a
     * Keycloak organization or group of that name may be taken to stand for the org ({@code links}).
     */
    public boolean namesHandle(String handle) {
        return handle != null && handles.contains(lowerCase(handle));
    }

    private boolean isListed(HuggingFaceOrganization organization) {
        return (organization.id() != null && ids.contains(lowerCase(organization.id())))
                || (organization.handle() != null && handles.contains(lowerCase(organization.handle())));
    }

    private static String lowerCase(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    public Decision decide(HuggingFaceProfile profile) {
        if (entries.isEmpty()) {
            return Decision.ADMITTED;
        }
        if (!profile.organizationsPresent()) {
            return Decision.MEMBERSHIPS_MISSING;
        }
        List<HuggingFaceOrganization> listed = profile.organizations().stream().filter(this::isListed).toList();
        if (listed.isEmpty()) {
            return Decision.NOT_A_MEMBER;
        }
        return listed.stream().anyMatch(this::restrictionsMet) ? Decision.ADMITTED : Decision.SECURITY_RESTRICTIONS;
    }
}
