package dev.hflogin.keycloak.tokens;

import dev.hflogin.keycloak.HuggingFaceIdentityProviderConfig;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.util.Optional;

/**
 * A live Hugging Face access token for a linked user, refreshed when it is about to expire, with
 * the rotated refresh token stored in place of the old one.
 *
 * <p>Serialized per user: the read, the refresh at Hugging Face and the write happen in one short
 * transaction of their own that holds the link's row lock ({@link LockedLink}), committed before
 * the answer goes out. Concurrent requests, on any node, wait for it and then find a fresh token.
 *
 * <p>Waits are bounded ({@link #WAIT}): on a node, requests queue in memory ({@link HubTokenGate}),
 * not on database connections; across nodes, the row lock is tried without waiting, again every
 * {@link #LOCK_RETRY} until the bound. A refresh that fails for a passing reason is remembered with
 * the grant for {@link HubTokenAnswers#RETRY_AFTER_SECONDS} s, so the requests that waited for it do
 * not each ask Hugging Face again: they get the same retryable answer (503, Retry-After).
 */
public final class HubTokenService {

    /** Keycloak's default "min validity" for stored tokens, in seconds. */
    static final int DEFAULT_MIN_VALIDITY = 5;

    /** The longest a request waits for another request's refresh of the same grant. */
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration LOCK_RETRY = Duration.ofMillis(100);

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
        long deadline = System.nanoTime() + WAIT.toNanos();
        return HubTokenGate.runAlone(realmId + "|" + config.getAlias() + "|" + hfSubject, WAIT,
                        () -> liveTokenUnderRowLock(realmId, hfSubject, deadline))
                .orElseGet(() -> busy("another request for this grant is still waiting for Hugging Face"));
    }

    private HubTokenResult liveTokenUnderRowLock(String realmId, String hfSubject, long deadline) {
        while (true) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), own -> {
                    RealmModel ownRealm = own.realms().getRealm(realmId);
                    own.getContext().setRealm(ownRealm);
                    Optional<LockedLink> link = LockedLink.lock(own, ownRealm, config.getAlias(), hfSubject);
                    return link.map(locked -> liveToken(own, locked)).orElseGet(HubTokenResult.NotLinked::new);
                });
            } catch (RuntimeException e) {
                if (!LockedLink.isRowBusy(e)) {
                    throw e;
                }
                if (System.nanoTime() + LOCK_RETRY.toNanos() > deadline) {
                    return busy("the grant stayed locked by another node");
                }
                try {
                    Thread.sleep(LOCK_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return busy("interrupted while waiting for the grant");
                }
            }
        }
    }

    private HubTokenResult busy(String reason) {
        LOG.debugf("Hugging Face token request for provider %s not answered within %s: %s", config.getAlias(), WAIT, reason);
        return new HubTokenResult.Unavailable("waited " + WAIT.toSeconds() + " s: " + reason);
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
        if (stored.refreshRecentlyFailed(now)) {
            return new HubTokenResult.Unavailable("a refresh failed moments ago; Hugging Face is not asked again yet");
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
        link.store(stored.refreshUnavailableUntil(Time.currentTime() + HubTokenAnswers.RETRY_AFTER_SECONDS).serialize());
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
