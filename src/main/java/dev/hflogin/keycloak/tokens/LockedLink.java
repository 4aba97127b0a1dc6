package dev.hflogin.keycloak.tokens;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.FederatedIdentityEntity;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A user's Hugging Face link read under a database row lock, held until the transaction ends. Every
 * Keycloak node shares the database, so while one request refreshes the grant, the others, on any
 * node, wait here and then read the grant it stored: Hugging Face sees one refresh.
 */
final class LockedLink {

    /**
     * Never wait inside the database: {@code FOR UPDATE NOWAIT} (Hibernate 7 on PostgreSQL and H2
     * 2.2.220+). A busy row fails at once and {@link HubTokenService} tries again within its bound,
     * holding no connection in between. Where a database or Hibernate version ignores the hint, its
     * own lock timeout bounds the wait and ends in the same error.
     */
    static final String LOCK_TIMEOUT_HINT = "jakarta.persistence.lock.timeout";
    static final int NO_WAIT = 0;

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
                .setHint(LOCK_TIMEOUT_HINT, NO_WAIT)
                .getResultStream().findFirst()
                .map(row -> new LockedLink(session, realm, row));
    }

    /** The failure a lock attempt ends with when another transaction (on any node) holds the row. */
    static boolean isRowBusy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PessimisticLockException || cause instanceof LockTimeoutException) {
                return true;
            }
            String name = cause.getClass().getSimpleName(); // Hibernate's own, where not converted to JPA's
            if (name.equals("LockAcquisitionException") || name.equals("PessimisticLockException")
                    || name.equals("LockTimeoutException")) {
                return true;
            }
            if (cause instanceof SQLException sql && ("55P03".equals(sql.getSQLState()) || sql.getErrorCode() == 50200)) {
                return true; // PostgreSQL "lock not available", H2 "lock timeout"
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
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
