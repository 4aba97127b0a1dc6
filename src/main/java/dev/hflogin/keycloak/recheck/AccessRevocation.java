package dev.hflogin.keycloak.recheck;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends a user's Keycloak access after Hugging Face said no, in a transaction of its own: every
 * session and offline session is removed (Keycloak's session store is shared by all nodes), and the
 * user's "not before" is moved to now, so no token issued before (access, refresh, offline) is
 * accepted on any node. Then a LOGOUT event naming the rule, and a log line to alert on.
 */
final class AccessRevocation {

    /** Event detail naming the rule that ended the access. */
    static final String RULE_DETAIL = "huggingface_recheck_rule";
    /** The event's reason, the same for every re-check, so one filter finds them all. */
    static final String REASON = "huggingface_membership_recheck";

    private static final Logger LOG = Logger.getLogger(AccessRevocation.class);

    private AccessRevocation() {
    }

    static void endAccess(KeycloakSessionFactory factory, String realmId, String alias, String userId, Verdict.Refused refused) {
        List<String> ended = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            if (user == null) {
                return; // deleted meanwhile: nothing left to end
            }
            // Keycloak refuses tokens issued *before* the user's not-before (whole seconds): one issued in this
            // very second, by a refresh racing the removal, must be refused too.
            session.users().setNotBeforeForUser(realm, user, Time.currentTime() + 1);
            List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
            online.forEach(userSession -> session.sessions().removeUserSession(realm, userSession));
            List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
            offline.forEach(userSession -> session.sessions().removeOfflineUserSession(realm, userSession));
            online.forEach(userSession -> ended.add(userSession.getId()));
            offline.forEach(userSession -> ended.add(userSession.getId()));

            new EventBuilder(realm, session).event(EventType.LOGOUT).user(user)
                    .detail(Details.IDENTITY_PROVIDER, alias)
                    .detail(Details.REASON, REASON)
                    .detail(RULE_DETAIL, refused.rule().eventValue())
                    .detail("sessions_ended", String.valueOf(online.size()))
                    .detail("offline_sessions_ended", String.valueOf(offline.size()))
                    .success();
            LOG.warnf("Hugging Face re-check ended access: realm=%s provider=%s user=%s rule=%s sessions=%d offline_sessions=%d (%s)",
                    realm.getName(), alias, userId, refused.rule().eventValue(), online.size(), offline.size(), refused.detail());
        });
        if (!ended.isEmpty()) {
            sweep(factory, realmId, alias, userId, ended);
        }
    }

    /**
     * Once the removal is committed, removes again any of the ended sessions Keycloak still finds by ID. A
     * request that read a session from the database while the removal was under way (an application
     * refreshing at that moment) can put it back into the node's session cache after the removal; the
     * per-user listing reads the database and no longer shows it, so the next re-check would not see it.
     */
    private static void sweep(KeycloakSessionFactory factory, String realmId, String alias, String userId, List<String> sessionIds) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            session.getContext().setRealm(realm);
            int back = 0;
            for (String id : sessionIds) {
                UserSessionModel online = session.sessions().getUserSession(realm, id);
                if (online != null) {
                    session.sessions().removeUserSession(realm, online);
                    back++;
                }
                UserSessionModel offline = session.sessions().getOfflineUserSession(realm, id);
                if (offline != null) {
                    session.sessions().removeOfflineUserSession(realm, offline);
                    back++;
                }
            }
            if (back > 0) {
                LOG.warnf("Hugging Face re-check: %d ended session(s) of user %s (provider %s) were read back by a concurrent request; removed again",
                        back, userId, alias);
            }
        });
    }
}
