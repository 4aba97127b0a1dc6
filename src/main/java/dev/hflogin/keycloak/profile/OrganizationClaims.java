package dev.hflogin.keycloak.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.orgs.OrganizationRole;
import dev.hflogin.keycloak.orgs.ResourceGroup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The fields of an {@code orgs[]} entry that Hugging Face renamed: {@code plan} replaced
 * {@code isEnterprise} (deprecated 2026-01), {@code securityRestrictions} replaced {@code pendingSSO} and
 * {@code missingMFA} (deprecated 2025-08). Both generations are read, so an answer in either shape means
 * the same; {@link #inCurrentNames} writes the current names into the claims the mappers read.
 */
final class OrganizationClaims {

    static final String PLAN = "plan";
    static final String SECURITY_RESTRICTIONS = "securityRestrictions";
    static final String RESOURCE_GROUPS = "resourceGroups";

    private OrganizationClaims() {
    }

    /** {@code plan} in lower case; else {@code enterprise} for {@code isEnterprise: true} (or its text, e.g. {@code plus}); else null. */
    static String plan(JsonNode org) {
        String plan = lowerCaseText(org.get(PLAN));
        if (plan != null) {
            return plan;
        }
        JsonNode legacy = org.get("isEnterprise");
        if (legacy != null && legacy.isBoolean()) {
            return legacy.booleanValue() ? "enterprise" : null;
        }
        return lowerCaseText(legacy);
    }

    /** The text values of {@code securityRestrictions}, plus {@code sso} for {@code pendingSSO: true} and {@code mfa} for {@code missingMFA: true}. */
    static List<String> securityRestrictions(JsonNode org) {
        Set<String> restrictions = new LinkedHashSet<>();
        JsonNode current = org.get(SECURITY_RESTRICTIONS);
        if (current != null && current.isArray()) {
            current.forEach(value -> {
                String restriction = lowerCaseText(value);
                if (restriction != null) {
                    restrictions.add(restriction);
                }
            });
        }
        if (org.path("pendingSSO").asBoolean(false) && org.get("pendingSSO").isBoolean()) {
            restrictions.add("sso");
        }
        if (org.path("missingMFA").asBoolean(false) && org.get("missingMFA").isBoolean()) {
            restrictions.add("mfa");
        }
        return List.copyOf(restrictions);
    }

    /** The entries of {@code resourceGroups} that are objects naming a group by {@code sub} or {@code name}. */
    static List<ResourceGroup> resourceGroups(JsonNode org) {
        JsonNode groups = org.get(RESOURCE_GROUPS);
        if (groups == null || !groups.isArray()) {
            return List.of();
        }
        List<ResourceGroup> result = new ArrayList<>();
        for (JsonNode group : groups) {
            String id = group.isObject() ? text(group.get("sub")) : null;
            String name = group.isObject() ? text(group.get("name")) : null;
            if (id != null || name != null) {
                result.add(new ResourceGroup(id, name, OrganizationRole.parse(text(group.get("role")))));
            }
        }
        return List.copyOf(result);
    }

    /**
     * The {@code orgs} claim with {@code plan} and {@code securityRestrictions} filled in from the
     * deprecated fields where HF sent only those, so a mapper's claim path ({@code orgs.plan}) reads
     * the same from either shape. The deprecated fields stay. Returns the very node when nothing is
     * missing (HF's current answers), a changed copy otherwise: HF's own nodes are never changed.
     */
    static JsonNode inCurrentNames(JsonNode orgs) {
        if (orgs == null || !orgs.isArray()) {
            return orgs;
        }
        ArrayNode copy = null;
        for (int i = 0; i < orgs.size(); i++) {
            JsonNode org = orgs.get(i);
            ObjectNode completed = org.isObject() ? completed((ObjectNode) org) : null;
            if (completed != null && copy == null) {
                copy = ((ArrayNode) orgs).deepCopy();
            }
            if (completed != null) {
                copy.set(i, completed);
            }
        }
        return copy == null ? orgs : copy;
    }

    /** A copy of the entry with the current names filled in, or null when it already has them. */
    private static ObjectNode completed(ObjectNode org) {
        String plan = plan(org);
        boolean planMissing = plan != null && lowerCaseText(org.get(PLAN)) == null;
        List<String> restrictions = securityRestrictions(org);
        boolean restrictionsMissing = !restrictions.isEmpty() && (!org.path(SECURITY_RESTRICTIONS).isArray()
                || org.get(SECURITY_RESTRICTIONS).size() != restrictions.size());
        if (!planMissing && !restrictionsMissing) {
            return null;
        }
        ObjectNode copy = org.deepCopy();
        if (planMissing) {
            copy.put(PLAN, plan);
        }
        if (restrictionsMissing) {
            ArrayNode list = copy.putArray(SECURITY_RESTRICTIONS);
            restrictions.forEach(list::add);
        }
        return copy;
    }

    private static String lowerCaseText(JsonNode value) {
        String text = text(value);
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue().trim() : null;
    }
}
