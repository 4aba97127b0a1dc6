package dev.hflogin.keycloak.login;

import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keeps Hugging Face's {@code email_verified: false} unverified on Keycloak 26.0 to 26.2. Those
 * versions never call the provider's {@code setEmailVerified}; with "Trust email" on they mark every
 * brokered email verified, unless the login's authentication session carries the note the review
 * form sets when a user types another email. Setting that note for an unverified HF email keeps it
 * unverified there: at the callback (a returning user's new email) and again when a new user is
 * imported (the first-login flow starts with the notes cleared). Keycloak 26.3+ calls
 * {@code setEmailVerified}, which applies the rule itself, so the note is left alone there (it also
 * steers the first-login flow).
 */
public final class LegacyTrustEmailGuard {

    /** The note's name; the same string in every 26.x ({@code UPDATE_PROFILE_EMAIL_CHANGED}). */
    static final String EMAIL_CHANGED_NOTE = "UPDATE_PROFILE_EMAIL_CHANGED";

    private static final boolean KEYCLOAK_CALLS_SET_EMAIL_VERIFIED = declaresSetEmailVerified(AbstractIdentityProvider.class);

    private LegacyTrustEmailGuard() {
    }

    public static void apply(AuthenticationSessionModel authSession, boolean verifiedByHuggingFace) {
        if (authSession != null && marksEmailChanged(KEYCLOAK_CALLS_SET_EMAIL_VERIFIED, verifiedByHuggingFace)) {
            authSession.setAuthNote(EMAIL_CHANGED_NOTE, "true");
        }
    }

    /** The note is needed only where Keycloak never asks the provider, for an email HF has not verified. */
    static boolean marksEmailChanged(boolean keycloakCallsSetEmailVerified, boolean verifiedByHuggingFace) {
        return !keycloakCallsSetEmailVerified && !verifiedByHuggingFace;
    }

    /** Whether Keycloak's provider base class (26.3+) has the hook; a parameter so that tests can give 26.2's shape. */
    static boolean declaresSetEmailVerified(Class<?> identityProviderBase) {
        try {
            identityProviderBase.getDeclaredMethod("setEmailVerified", UserModel.class, BrokeredIdentityContext.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
