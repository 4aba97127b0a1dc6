package dev.hflogin.keycloak.mappers;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Finds or creates one group, safe against two sign-ins creating it at once ({@link IsolatedCreation}). */
final class GroupCreation {

    private GroupCreation() {
    }

    /**
     * @param parent     null for a top-level group
     * @param ignoreCase see {@link GroupLookup#child}
     * @return the group, found or created, as seen by {@code session}; null only if it vanished again
     */
    static GroupModel findOrCreate(KeycloakSession session, RealmModel realm, GroupModel parent, String name,
                                   boolean ignoreCase) {
        GroupModel existing = GroupLookup.child(session, realm, parent, name, ignoreCase);
        return existing != null ? existing : create(session, realm, parent, name, ignoreCase);
    }

    /**
     * As {@link #findOrCreate}, for a caller that already looked in {@code session} and found no such group:
     * looks again and creates it in a transaction of its own.
     */
    static GroupModel create(KeycloakSession session, RealmModel realm, GroupModel parent, String name, boolean ignoreCase) {
        String realmId = realm.getId();
        String parentId = parent == null ? null : parent.getId();
        String groupId = IsolatedCreation.findOrCreate(session.getKeycloakSessionFactory(), "a group",
                (own, create) -> findOrCreateIn(own, realmId, parentId, name, ignoreCase, create));
        return groupId == null ? null : session.groups().getGroupById(realm, groupId);
    }

    private static String findOrCreateIn(KeycloakSession own, String realmId, String parentId, String name,
                                         boolean ignoreCase, boolean create) {
        RealmModel realm = own.realms().getRealm(realmId);
        GroupModel parent = parentId == null ? null : own.groups().getGroupById(realm, parentId);
        GroupModel group = GroupLookup.child(own, realm, parent, name, ignoreCase);
        if (group == null && create) {
            group = own.groups().createGroup(realm, name, parent);
        }
        return group == null ? null : group.getId();
    }
}
