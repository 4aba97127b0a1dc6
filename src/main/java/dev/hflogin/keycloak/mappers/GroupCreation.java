package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.OrganizationLink;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;

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

    /**
     * Creates a sub-group of {@code parent} named {@code name}, linked to an HF org ID, in a transaction of its
     * own; when another sign-in created it first, returns that one. Returns null when a sub-group of that
     * name exists and is not linked to the org (the caller logs it): a name is never taken over.
     */
    static GroupModel createLinked(KeycloakSession session, RealmModel realm, GroupModel parent, String name, String hfOrgId) {
        String realmId = realm.getId();
        String parentId = parent.getId();
        String groupId = IsolatedCreation.findOrCreate(session.getKeycloakSessionFactory(),
                "a group for the HF org with ID " + hfOrgId, (own, create) -> {
                    RealmModel ownRealm = own.realms().getRealm(realmId);
                    GroupModel ownParent = own.groups().getGroupById(ownRealm, parentId);
                    if (ownParent == null) {
                        return null;
                    }
                    GroupModel linked = linkedChild(own, ownRealm, ownParent, hfOrgId);
                    if (linked != null || !create) {
                        return linked == null ? null : linked.getId();
                    }
                    GroupModel named = GroupLookup.child(own, ownRealm, ownParent, name, true);
                    if (named != null) {
                        // Ours only when a concurrent sign-in created it between the two look-ups; else a name we never take.
                        if (!hfOrgId.equalsIgnoreCase(OrganizationLink.linkedId(named.getAttributes()))) {
                            return null;
                        }
                        IsolatedCreation.lostRace("a group for the HF org with ID " + hfOrgId);
                        return named.getId();
                    }
                    GroupModel group = own.groups().createGroup(ownRealm, name, ownParent);
                    group.setSingleAttribute(OrganizationLink.ORG_ID, hfOrgId);
                    return group.getId();
                });
        return groupId == null ? null : session.groups().getGroupById(realm, groupId);
    }

    /**
     * The sub-group linked to the HF org ID, searched in the database (past the realm cache, which may not yet
     * know a group a concurrent sign-in just created), then among the parent's sub-groups (a server may limit
     * the attributes group searches use).
     */
    private static GroupModel linkedChild(KeycloakSession own, RealmModel realm, GroupModel parent, String hfOrgId) {
        return own.groups().searchGroupsByAttributes(realm, Map.of(OrganizationLink.ORG_ID, hfOrgId), 0, 10)
                .filter(group -> parent.getId().equals(group.getParentId()))
                .filter(group -> hfOrgId.equalsIgnoreCase(OrganizationLink.linkedId(group.getAttributes())))
                .findFirst()
                .or(() -> parent.getSubGroupsStream()
                        .filter(group -> hfOrgId.equalsIgnoreCase(OrganizationLink.linkedId(group.getAttributes())))
                        .findFirst())
                .orElse(null);
    }
}
