package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.OrganizationLink;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Group look-ups by exact name. Keycloak's name searches may go through SQL LIKE, where {@code _}
 * and {@code %} match other characters: {@code /hf_teams} must never resolve to {@code /hfxteams}.
 */
final class GroupLookup {

    private GroupLookup() {
    }

    /**
     * The child of {@code parent} (top level when null) named {@code name}, or null.
     *
     * @param ignoreCase for groups named after Hugging Face handles, which HF treats without case
     */
    static GroupModel child(KeycloakSession session, RealmModel realm, GroupModel parent, String name, boolean ignoreCase) {
        return (parent == null
                ? session.groups().getTopLevelGroupsStream(realm, name, true, null, null)
                : parent.getSubGroupsStream())
                .filter(group -> ignoreCase ? name.equalsIgnoreCase(group.getName()) : name.equals(group.getName()))
                .findFirst().orElse(null);
    }

    /**
     * The children of one parent, read once, for many look-ups ignoring case: {@link #child} walks all of a
     * parent's sub-groups on each call, which for a user in many organizations under a parent holding many
     * groups is a walk over every sub-group per organization and per sign-in.
     */
    static final class Children {

        private final Map<String, List<GroupModel>> byKey = new HashMap<>();
        /** By the HF org ID a child is linked to ({@link OrganizationLink}), lower-cased. */
        private final Map<String, GroupModel> byLink = new HashMap<>();

        Children(GroupModel parent) {
            parent.getSubGroupsStream().forEach(this::add);
        }

        /** As {@code child(session, realm, parent, name, true)}: the first child, in the parent's order, named so ignoring case. */
        GroupModel named(String name) {
            return byKey.getOrDefault(caseKey(name), List.of()).stream()
                    .filter(group -> name.equalsIgnoreCase(group.getName()))
                    .findFirst().orElse(null);
        }

        /** The child linked to this HF org ID, or null. */
        GroupModel linkedTo(String hfOrgId) {
            return hfOrgId == null ? null : byLink.get(hfOrgId.toLowerCase(Locale.ROOT));
        }

        /** A child created or linked after the read. */
        void add(GroupModel group) {
            if (group.getName() != null && named(group.getName()) != group) {
                byKey.computeIfAbsent(caseKey(group.getName()), key -> new ArrayList<>()).add(group);
            }
            String linked = OrganizationLink.linkedId(group.getAttributes());
            if (linked != null) {
                byLink.putIfAbsent(linked.toLowerCase(Locale.ROOT), group);
            }
        }

        /**
         * Equal for any two names {@link String#equalsIgnoreCase} finds equal (each code point upper-cased, then
         * lower-cased, as that comparison does), so a look-up by key never misses a match; {@link #named} then
         * compares exactly as {@link #child} does.
         */
        static String caseKey(String name) {
            StringBuilder key = new StringBuilder(name.length());
            name.codePoints().map(c -> Character.toLowerCase(Character.toUpperCase(c))).forEach(key::appendCodePoint);
            return key.toString();
        }
    }

    /** The group at a path such as {@code /huggingface/teams}, each step matched exactly; null when absent. */
    static GroupModel byPath(KeycloakSession session, RealmModel realm, String path) {
        GroupModel group = null;
        for (String name : steps(path)) {
            group = child(session, realm, group, name, false);
            if (group == null) {
                return null;
            }
        }
        return group;
    }

    static String[] steps(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/");
    }
}
