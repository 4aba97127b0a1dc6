package dev.hflogin.keycloak.links;

import dev.hflogin.keycloak.HuggingFaceIdentityProviderConfig;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule that ties Keycloak objects to Hugging Face organizations, used by every organization
 * and group mapper. HF org handles are first come, first served and free to create; Keycloak
 * organization aliases and group names are the admin's own namespace (customers, tenants,
 * {@code staff}). So a name match alone never joins, links or grants anything:
 * <ul>
 *   <li>a Keycloak organization or group <em>stands for</em> an HF org only when it is linked to that
 *       org's ID (attribute {@value #ORG_ID}): linked by an admin, or by the mapper on what the mapper
 *       itself created;</li>
 *   <li>the one exception is what the admin named explicitly: an unlinked organization or group whose
 *       name is a handle listed in the provider's allow-list may be adopted (and is then linked to the
 *       ID of the org holding that handle at that moment);</li>
 *   <li>with an allow-list, nothing is created, joined or granted for an org outside it.</li>
 * </ul>
 */
public final class OrganizationLink {

    /** On a Keycloak organization or group: the ID ({@code sub}) of the HF org it stands for. */
    public static final String ORG_ID = "huggingface.orgId";
    /** On a group inside a Keycloak organization: the HF role ({@code admin}, {@code write}, ...) it stands for. */
    public static final String ROLE = "huggingface.orgRole";

    private final OrganizationAllowList allowList;

    public OrganizationLink(OrganizationAllowList allowList) {
        this.allowList = allowList;
    }

    /** The rule under the allow-list of the provider with this alias. */
    public static OrganizationLink ofProvider(KeycloakSession session, String alias) {
        IdentityProviderModel provider = alias == null ? null : session.identityProviders().getByAlias(alias);
        return new OrganizationLink(provider == null ? OrganizationAllowList.of(null)
                : new HuggingFaceIdentityProviderConfig(provider).getAllowedOrganizations());
    }

    /** Whether the allow-list lets anything be granted for this org (no allow-list: every org). */
    public boolean admits(HuggingFaceOrganization org) {
        return allowList.allows(org);
    }

    /** Whether a Keycloak object may stand for this org at all: it has an ID to link to, and is admitted. */
    public boolean mayMap(HuggingFaceOrganization org) {
        return org.id() != null && !org.id().isBlank() && admits(org);
    }

    /** "Is this ours?": the object with these attributes is linked to this HF org's ID. */
    public static boolean standsFor(Map<String, List<String>> attributes, HuggingFaceOrganization org) {
        String linked = linkedId(attributes);
        return linked != null && org.id() != null && linked.equalsIgnoreCase(org.id());
    }

    /** The HF org ID an object is linked to, or null when it is not linked. */
    public static String linkedId(Map<String, List<String>> attributes) {
        return firstValue(attributes, ORG_ID);
    }

    /** The HF role a group inside an organization is linked to, or null. */
    public static String linkedRole(Map<String, List<String>> attributes) {
        return firstValue(attributes, ROLE);
    }

    /** Whether the admin listed this org's handle in the allow-list: only then may a name be adopted. */
    public boolean adoptsByHandle(HuggingFaceOrganization org) {
        return org.handle() != null && allowList.namesHandle(org.handle());
    }

    /**
     * Whether an unlinked object named {@code name} may be adopted for this org: only when the admin
     * listed the org's handle in the allow-list and the name is that handle (ignoring case, as HF does).
     */
    public boolean mayAdopt(Map<String, List<String>> attributes, String name, HuggingFaceOrganization org) {
        return linkedId(attributes) == null && name != null && adoptsByHandle(org) && name.equalsIgnoreCase(org.handle());
    }

    /** A copy of {@code attributes} with the link to this HF org ID set. */
    public static Map<String, List<String>> withLink(Map<String, List<String>> attributes, String orgId) {
        Map<String, List<String>> linked = attributes == null ? new HashMap<>() : new HashMap<>(attributes);
        linked.put(ORG_ID, new ArrayList<>(List.of(orgId)));
        return linked;
    }

    private static String firstValue(Map<String, List<String>> attributes, String name) {
        List<String> values = attributes == null ? null : attributes.get(name);
        if (values == null) {
            return null;
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst().orElse(null);
    }
}
