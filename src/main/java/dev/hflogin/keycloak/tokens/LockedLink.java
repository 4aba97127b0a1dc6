package dev.hflogin.keycloak.tokens;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.FederatedIdentityEntity;

import java.util.Optional;

/**
 * A user's Hugging Face link read under a database row lock, held until the transaction ends. Every
 * Keycloak node shares the database, so while one request refreshes the grant, the others, on any
 * node, wait here and then read the grant it stored: Hugging Face sees one refresh.
 */
final class LockedLink {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final FederatedIdentityEntity row;

    private LockedLink(KeycloakSession session, RealmModel realm, FederatedIdentityEntity row) {
        this.session = session;
        this.realm = realm;
        this.row = row;
    }

    static Optional<LockedLink> lock(KeycloakSession session, RealmModel realm, String alias, String hfSubject) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return em.createQuery("select link from FederatedIdentityEntity link where link.realmId = :realmId"
                        + " and link.identityProvider = :alias and link.userId = :subject", FederatedIdentityEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("alias", alias)
                .setParameter("subject", hfSubject)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .map(row -> new LockedLink(session, realm, row));
    }

    String token() {
        return row.getToken();
    }

    /** Stores the grant through Keycloak's user store, so its caches on every node drop the old one. */
    void store(String token) {
        UserModel user = session.users().getUserById(realm, row.getUser().getId());
        session.users().updateFederatedIdentity(realm, user,
                new FederatedIdentityModel(row.getIdentityProvider(), row.getUserId(), row.getUserName(), token));
    }
}
