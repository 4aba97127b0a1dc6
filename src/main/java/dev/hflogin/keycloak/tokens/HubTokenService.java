package dev.hflogin.keycloak.tokens;

import dev.hflogin.keycloak.HuggingFaceIdentityProviderConfig;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Optional;

/**
 * A live Hugging Face access token for a linked user, refreshed when it is about to expire, with
 * the rotated refresh token stored in place of the old one.
 *
 * <p>Serialized per user: the read, the refresh at Hugging Face and the write happen in one short
 * transaction of their own that holds the link's row lock ({@link LockedLink}), committed before
 * the answer goes out. Concurrent requests, on any node, wait for it and then find a fresh token.
 */
public final class HubTokenService {

    /** Keycloak's default "min validity" for stored tokens, in seconds. */
    static final int DEFAULT_MIN_VALIDITY = 5;

    private static final Logger LOG = Logger.getLogger(HubTokenService.class);

    private final KeycloakSession session;
    private final HuggingFaceIdentityProviderConfig config;

    public HubTokenService(KeycloakSession session, HuggingFaceIdentityProviderConfig config) {
        this.session = session;
        this.config = config;
    }

    /** @param hfSubject the user's Hugging Face {@code sub}, the key of their link */
    public HubTokenResult liveToken(RealmModel realm, String hfSubject) {
        String realmId = realm.getId();
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), own -> {
            RealmModel ownRealm = own.realms().getRealm(realmId);
            own.getContext().setRealm(ownRealm);
            Optional<LockedLink> link = LockedLink.lock(own, ownRealm, config.getAlias(), hfSubject);
            return link.map(locked -> liveToken(own, locked)).orElseGet(HubTokenResult.NotLinked::new);
        });
    }

    private HubTokenResult liveToken(KeycloakSession own, LockedLink link) {
        long now = Time.currentTime();
        StoredHubToken stored = StoredHubToken.parse(link.token());
        if (link.token() == null) {
            return new HubTokenResult.NotLinked();
        }
        if (stored.isGrantInvalid()) {
            return new HubTokenResult.ReauthenticationRequired();
        }
        if (!stored.needsRefresh(now, minValidity())) {
            return new HubTokenResult.Live(stored, false);
        }
        if (stored.refreshToken() == null) {
            return new HubTokenResult.ReauthenticationRequired(); // expired, and nothing to renew it with
        }
        RefreshOutcome outcome = new HubRefreshClient(own, config).refresh(stored.refreshToken());
        if (outcome instanceof RefreshOutcome.Refreshed refreshed) {
            StoredHubToken rotated = stored.rotated(refreshed.response(), Time.currentTime());
            link.store(rotated.serialize());
            return new HubTokenResult.Live(rotated, true);
        }
        if (outcome instanceof RefreshOutcome.GrantInvalid) {
            LOG.infof("Hugging Face refused the stored refresh token of a user of provider %s: sign-in needed", config.getAlias());
            link.store(stored.invalidated(now).serialize());
            return new HubTokenResult.ReauthenticationRequired();
        }
        String reason = ((RefreshOutcome.Unavailable) outcome).reason();
        LOG.warnf("Hugging Face token refresh failed for provider %s (%s); the stored grant is kept", config.getAlias(), reason);
        return new HubTokenResult.Unavailable(reason);
    }

    private int minValidity() {
        String configured = config.getConfig().get("minValidityToken");
        try {
            return configured == null || configured.isBlank() ? DEFAULT_MIN_VALIDITY : Math.max(0, Integer.parseInt(configured.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_MIN_VALIDITY;
        }
    }
}
