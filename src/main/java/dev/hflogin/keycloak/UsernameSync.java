package dev.hflogin.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Locale;

/**
 * Renames a returning user when their Hugging Face handle changed, only with sync mode FORCE and
 * never onto a username another Keycloak user already has.
 */
final class UsernameSync {

    private static final Logger LOG = Logger.getLogger(UsernameSync.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final HuggingFaceIdentityProviderConfig config;

    UsernameSync(KeycloakSession session, RealmModel realm, HuggingFaceIdentityProviderConfig config) {
        this.session = session;
        this.realm = realm;
        this.config = config;
    }

    void apply(UserModel user, BrokeredIdentityContext context) {
        if (config.getSyncMode() != IdentityProviderSyncMode.FORCE || realm.isRegistrationEmailAsUsername()) {
            return;
        }
        String wanted = context.getUsername() == null ? null : context.getUsername().toLowerCase(Locale.ROOT);
        if (wanted == null || wanted.equals(user.getUsername())) {
            return;
        }
        UserModel holder = session.users().getUserByUsername(realm, wanted);
        if (holder != null && !holder.getId().equals(user.getId())) {
            LOG.warnf("Hugging Face rename not applied: username '%s' belongs to another user", wanted);
            return;
        }
        user.setUsername(wanted);
    }
}
