package dev.hflogin.keycloak.orgs;

import dev.hflogin.keycloak.profile.HuggingFaceProfile;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The organizations whose members may sign in. Entries are org handles ({@code huggingface}) or
 * org IDs (the org's {@code sub}, 24 hex digits); both are compared without regard to case.
 */
public final class OrganizationAllowList {

    /** HF IDs are 24 lower-case hex digits (a MongoDB ObjectId). */
    private static final Pattern ORG_ID = Pattern.compile("[0-9a-fA-F]{24}");

    public enum Decision {
        /** No allow-list configured, or the user belongs to a listed organization. */
        ADMITTED,
        /** HF sent the user's organizations and none is listed. */
        NOT_A_MEMBER,
        /** HF sent no {@code orgs} claim: membership cannot be proven, so the login is refused. */
        MEMBERSHIPS_MISSING
    }

    private final List<String> entries;

    private OrganizationAllowList(List<String> entries) {
        this.entries = entries;
    }

    public static OrganizationAllowList of(Collection<String> rawEntries) {
        if (rawEntries == null) {
            return new OrganizationAllowList(List.of());
        }
        return new OrganizationAllowList(rawEntries.stream()
                .filter(Objects::nonNull)
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .distinct()
                .toList());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<String> entries() {
        return entries;
    }

    /** Entries that are org IDs: sent to HF as {@code orgIds} so the consent screen offers them. */
    public List<String> organizationIds() {
        return entries.stream().filter(entry -> ORG_ID.matcher(entry).matches()).toList();
    }

    public Decision decide(HuggingFaceProfile profile) {
        if (entries.isEmpty()) {
            return Decision.ADMITTED;
        }
        if (!profile.organizationsPresent()) {
            return Decision.MEMBERSHIPS_MISSING;
        }
        boolean member = profile.organizations().stream()
                .anyMatch(org -> entries.stream().anyMatch(org::isNamedBy));
        return member ? Decision.ADMITTED : Decision.NOT_A_MEMBER;
    }
}
