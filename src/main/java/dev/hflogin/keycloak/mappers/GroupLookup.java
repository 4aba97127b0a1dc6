package dev.hflogin.keycloak.mappers;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

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
