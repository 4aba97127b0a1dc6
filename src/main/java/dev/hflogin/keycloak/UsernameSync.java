package dev.hflogin.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.Locale;
import java.util.Map;

/**
 * With sync mode FORCE, a returning user's Keycloak username follows a rename on Hugging Face, but
 * only when it still is the Hugging Face handle Keycloak last saw for them: a local account that was
 * linked, or a username made by another rule (Username Template Importer, an admin), stays as it is.
 * The new handle must pass the realm's user-profile username rules and belong to no other user. The
 * log names users by ID, never by handle.
 */
final class UsernameSync {

    /** Context key of the HF handle stored with the user's link before this login updated it. */
    static final String PREVIOUS_HANDLE = "huggingface.previousHandle";

    private static final Logger LOG = Logger.getLogger(UsernameSync.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final HuggingFaceIdentityProviderConfig config;

    UsernameSync(KeycloakSession session, RealmModel realm, HuggingFaceIdentityProviderConfig config) {
        this.session = session;
        this.realm = realm;
        this.config = config;
    }

    /** Runs before Keycloak looks the user up, so the link still holds the previous handle. */
    void rememberPreviousHandle(BrokeredIdentityContext context) {
        if (!appliesToRealm() || context.getId() == null) {
            return;
        }
        UserModel user = session.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(config.getAlias(), context.getId(), null));
        FederatedIdentityModel link = user == null ? null
                : session.users().getFederatedIdentity(realm, user, config.getAlias());
        if (link != null && link.getUserName() != null) {
            context.getContextData().put(PREVIOUS_HANDLE, link.getUserName());
        }
    }

    void apply(UserModel user, BrokeredIdentityContext context) {
        Object previous = context.getContextData().get(PREVIOUS_HANDLE);
        if (!appliesToRealm() || !(previous instanceof String previousHandle) || context.getUsername() == null) {
            return;
        }
        String wanted = lowerCase(context.getUsername());
        String current = user.getUsername();
        if (wanted.equals(current)) {
            return;
        }
        if (!lowerCase(previousHandle).equals(current)) {
            LOG.debugf("Hugging Face rename not followed for user %s: the username is not the previous Hugging Face handle",
                    user.getId());
            return;
        }
        UserModel holder = session.users().getUserByUsername(realm, wanted);
        if (holder != null && !holder.getId().equals(user.getId())) {
            LOG.warnf("Hugging Face rename not followed for user %s: the new handle is another user's username",
                    user.getId());
            return;
        }
        if (!allowedByUserProfile(user, wanted)) {
            LOG.warnf("Hugging Face rename not followed for user %s: the realm's username rules refuse the new handle",
                    user.getId());
            return;
        }
        user.setUsername(wanted);
    }

    private boolean appliesToRealm() {
        return config.getSyncMode() == IdentityProviderSyncMode.FORCE && !realm.isRegistrationEmailAsUsername();
    }

    /** The username validators of the realm's user profile (length, characters, ...), as in the review form. */
    private boolean allowedByUserProfile(UserModel user, String wanted) {
        try {
            UserProfile profile = session.getProvider(UserProfileProvider.class)
                    .create(UserProfileContext.IDP_REVIEW, Map.of(UserModel.USERNAME, wanted), user);
            return profile.getAttributes().validate(UserModel.USERNAME);
        } catch (RuntimeException e) {
            LOG.debugf(e, "Hugging Face rename not checked for user %s", user.getId());
            return false; // cannot tell: keep the username
        }
    }

    private static String lowerCase(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
