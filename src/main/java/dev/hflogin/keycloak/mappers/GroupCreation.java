package dev.hflogin.keycloak.mappers;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds or creates one group, safe against two sign-ins creating the same group at the same moment.
 *
 * <p>The group is created in a transaction of its own: when another sign-in wins the race, only that
 * small transaction fails on the unique name, the winner's group is read again, and the sign-in goes
 * on. Created inside the sign-in's own transaction, the loser's whole sign-in would fail after
 * Keycloak had already stored the user, leaving an account without its Hugging Face link.
 */
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
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String parentId = parent == null ? null : parent.getId();
        AtomicReference<String> groupId = new AtomicReference<>();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, own -> groupId.set(
                    findOrCreateIn(own, realmId, parentId, name, ignoreCase, true)));
        } catch (RuntimeException raced) {
            LOG.debugf("Hugging Face group mapper: group created concurrently, reading it again (%s)", raced.toString());
            KeycloakModelUtils.runJobInTransaction(factory, own -> groupId.set(
                    findOrCreateIn(own, realmId, parentId, name, ignoreCase, false)));
        }
        return groupId.get() == null ? null : session.groups().getGroupById(realm, groupId.get());
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
