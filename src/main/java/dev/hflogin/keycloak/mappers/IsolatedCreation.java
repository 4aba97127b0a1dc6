package dev.hflogin.keycloak.mappers;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds or creates one thing (a group, an organization) in a transaction of its own, safe against
 * two sign-ins creating it at the same moment: when another sign-in wins, only this small
 * transaction fails on the unique name, the winner's is read again, and the sign-in goes on.
 * Created inside the sign-in's own transaction, the loser's whole sign-in would fail after Keycloak
 * had already stored the user, leaving an account without its Hugging Face link.
 */
final class IsolatedCreation {

    private static final Logger LOG = Logger.getLogger(IsolatedCreation.class);

    /** Looks the thing up in {@code own} and, if {@code create}, creates it when missing; returns its ID or null. */
    interface Attempt {
        String run(KeycloakSession own, boolean create);
    }

    private IsolatedCreation() {
    }

    /** Reading the winner's creation again: attempts and the pause before each retry, bounded. */
    private static final int READS_AFTER_A_LOST_RACE = 3;
    private static final long PAUSE_MILLIS = 100;

    /**
     * @param what names the thing in the log, never with user data
     */
    static String findOrCreate(KeycloakSessionFactory factory, String what, Attempt attempt) {
        AtomicReference<String> id = new AtomicReference<>();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, own -> id.set(attempt.run(own, true)));
        } catch (RuntimeException raced) {
            // The attempts look the thing up in the database, past caches that may not know the winner's yet;
            // a winner's commit can land just after ours failed, hence a few bounded reads.
            for (int read = 0; read < READS_AFTER_A_LOST_RACE && id.get() == null; read++) {
                pause(read * PAUSE_MILLIS);
                KeycloakModelUtils.runJobInTransaction(factory, own -> id.set(attempt.run(own, false)));
            }
            if (id.get() != null) {
                lostRace(what);
            } else {
                // Not a lost race: the creation itself failed. Say why.
                LOG.warnf("Hugging Face mapper: could not create %s: %s", what, raced.toString());
            }
        }
        return id.get();
    }

    /**
     * Whether a creation failed on a unique key another transaction took first: a lost race, not a fault. Keycloak
     * reports it as {@link ModelDuplicateException}, or the database's integrity error comes through (SQL state 23...).
     */
    static boolean lostToUniqueKey(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof ModelDuplicateException || "ConstraintViolationException".equals(cause.getClass().getSimpleName())) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /** Said when another sign-in created the thing first (found after a failed creation, or between two look-ups). */
    static void lostRace(String what) {
        LOG.infof("Hugging Face mapper: %s was created by a concurrent sign-in at the same moment; using that one", what);
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
