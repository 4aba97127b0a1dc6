package dev.hflogin.keycloak.mappers;

import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Has Keycloak's cache learn the user's organization memberships once the sign-in is stored, so that the rest of this
 * sign-in and later ones do not pay a query per organization on every read of the user.
 *
 * <p>Keycloak checks on every read of a user (each request of a sign-in reads the user at least once) whether they are a
 * managed member of a disabled organization: it lists the user's organizations (cached) and asks each one "is this
 * user a managed member?". Its cache answers that only for a membership it has learnt, and it learns one only when
 * asked {@link OrganizationProvider#getMemberById}; a sign-in never asks that, so for a user in 100 organizations every
 * read of the user is 100 queries, about 400 per sign-in. Asked once here, after the sign-in's transaction committed
 * (memberships changed in a transaction are not cached in it), the cache answers from then on, until a membership of
 * the user changes. A membership already learnt costs a cache look-up, no query.
 */
final class MembershipCacheWarmUp {

    private static final Logger LOG = Logger.getLogger(MembershipCacheWarmUp.class);
    /** The executor's name in Keycloak (its threads are Keycloak's, bounded by its configuration). */
    private static final String TASK = "huggingface-organization-membership-cache";

    private MembershipCacheWarmUp() {
    }

    /** After this sign-in's transaction commits, asks Keycloak about each organization membership of the user. */
    static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(TASK);
        String realmId = realm.getId();
        String userId = user.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    executor.execute(() -> warm(factory, realmId, userId));
                } catch (RejectedExecutionException busy) {
                    // Only a cache left cold: the next sign-in pays the queries, and tries again.
                    LOG.debugf("Hugging Face organization mapper: membership cache not warmed: %s", busy.toString());
                }
            }

            @Override
            protected void rollbackImpl() {
                // nothing was stored
            }
        });
    }

    private static void warm(KeycloakSessionFactory factory, String realmId, String userId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, own -> learn(own, realmId, userId));
        } catch (RuntimeException failed) {
            LOG.debugf("Hugging Face organization mapper: could not warm the membership cache: %s", failed.toString());
        }
    }

    private static void learn(KeycloakSession own, String realmId, String userId) {
        RealmModel realm = own.realms().getRealm(realmId);
        own.getContext().setRealm(realm);
        OrganizationProvider organizations = own.getProvider(OrganizationProvider.class);
        UserModel user = realm == null || organizations == null ? null : own.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        List<OrganizationModel> of = organizations.getByMember(user).toList();
        for (OrganizationModel organization : of) {
            organizations.getMemberById(organization, userId);
        }
    }
}
