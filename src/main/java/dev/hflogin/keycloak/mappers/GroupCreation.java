package dev.hflogin.keycloak.mappers;

import dev.hflogin.keycloak.links.OrganizationLink;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/** Finds or creates groups, safe against two sign-ins creating one at once ({@link IsolatedCreation}). */
final class GroupCreation {

    private static final Logger LOG = Logger.getLogger(GroupCreation.class);

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
     * As {@link #createLinked} for several orgs at once, in one transaction of its own (a transaction per group costs a
     * commit and the parent's cache invalidation each, and reads all the parent's sub-groups again each time).
     *
     * @param names by HF org ID, the name a created group gets
     * @return the groups found or created, by HF org ID, as seen by {@code session}; without the orgs whose name another
     * sub-group has; empty when the transaction failed (a concurrent sign-in created one of them first): the caller
     * then creates each with {@link #createLinked}
     */
    static Map<String, GroupModel> createLinkedAll(KeycloakSession session, RealmModel realm, GroupModel parent,
                                                   Map<String, String> names) {
        String realmId = realm.getId();
        String parentId = parent.getId();
        Map<String, String> ids = new LinkedHashMap<>();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                RealmModel ownRealm = own.realms().getRealm(realmId);
                GroupModel ownParent = own.groups().getGroupById(ownRealm, parentId);
                if (ownParent == null) {
                    return;
                }
                GroupLookup.Children children = new GroupLookup.Children(ownParent);
                names.forEach((hfOrgId, name) -> {
                    GroupModel group = linkedInDatabase(own, ownRealm, ownParent, hfOrgId);
                    if (group == null) {
                        group = children.linkedTo(hfOrgId);
                    }
                    if (group == null && children.named(name) == null) {
                        group = own.groups().createGroup(ownRealm, name, ownParent);
                        group.setSingleAttribute(OrganizationLink.ORG_ID, hfOrgId);
                        children.add(group);
                    }
                    if (group != null) {
                        ids.put(hfOrgId, group.getId());
                    }
                });
            });
        } catch (RuntimeException raced) {
            if (IsolatedCreation.lostToUniqueKey(raced)) {
                // The one-by-one creation that follows then finds the winner's: this is the only trace of the race.
                IsolatedCreation.lostRace("one of the groups for the HF orgs with IDs " + names.keySet() + ", created together,");
            } else {
                LOG.debugf("Hugging Face group mapper: creating %d groups at once failed (%s); creating them one by one",
                        names.size(), raced.toString());
            }
            return Map.of();
        }
        Map<String, GroupModel> groups = new LinkedHashMap<>();
        ids.forEach((hfOrgId, id) -> {
            GroupModel group = session.groups().getGroupById(realm, id);
            if (group != null) {
                groups.put(hfOrgId, group);
            }
        });
        return groups;
    }

    /**
     * The sub-group linked to the HF org ID, searched in the database (past the realm cache, which may not yet
     * know a group a concurrent sign-in just created), then among the parent's sub-groups (a server may limit
     * the attributes group searches use).
     */
    private static GroupModel linkedChild(KeycloakSession own, RealmModel realm, GroupModel parent, String hfOrgId) {
        GroupModel found = linkedInDatabase(own, realm, parent, hfOrgId);
        return found != null ? found : parent.getSubGroupsStream()
                .filter(group -> hfOrgId.equalsIgnoreCase(OrganizationLink.linkedId(group.getAttributes())))
                .findFirst().orElse(null);
    }

    private static GroupModel linkedInDatabase(KeycloakSession own, RealmModel realm, GroupModel parent, String hfOrgId) {
        return own.groups().searchGroupsByAttributes(realm, Map.of(OrganizationLink.ORG_ID, hfOrgId), 0, 10)
                .filter(group -> parent.getId().equals(group.getParentId()))
                .filter(group -> hfOrgId.equalsIgnoreCase(OrganizationLink.linkedId(group.getAttributes())))
                .findFirst().orElse(null);
    }
}
