package dev.hflogin.keycloak.recheck;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/** The users of a realm linked to one Hugging Face provider: one query, IDs only. */
final class LinkedUsers {

    /** A Keycloak user and the Hugging Face {@code sub} of their link. */
    record Link(String userId, String hfSubject) {
    }

    private LinkedUsers() {
    }

    static List<Link> of(KeycloakSession session, String realmId, String alias) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return em.createQuery("select link.user.id, link.userId from FederatedIdentityEntity link"
                        + " where link.realmId = :realmId and link.identityProvider = :alias order by link.user.id", Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("alias", alias)
                .getResultStream()
                .map(row -> new Link((String) row[0], (String) row[1]))
                .toList();
    }
}
