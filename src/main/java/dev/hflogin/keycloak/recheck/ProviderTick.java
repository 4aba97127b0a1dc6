package dev.hflogin.keycloak.recheck;

import dev.hflogin.keycloak.HuggingFaceIdentityProviderConfig;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;

/**
 * One tick's share of one provider's re-checks: the linked users not checked in the current interval,
 * at most {@link #perTick} of them, so that the checks spread over the interval. One check at a time,
 * so a node has at most one Hugging Face call in flight for re-checking. Users with no session and no
 * offline session are skipped: they have no access to end, and their next sign-in is checked anyway.
 * A user still allowed gets the provider's FORCE organization mappers re-applied ({@link MapperFollowUp}).
 */
final class ProviderTick {

    private static final Logger LOG = Logger.getLogger(ProviderTick.class);

    private final KeycloakSession session;
    private final RecheckedProviders.Provider provider;
    private final long tickSeconds;

    ProviderTick(KeycloakSession session, RecheckedProviders.Provider provider, long tickSeconds) {
        this.session = session;
        this.provider = provider;
        this.tickSeconds = tickSeconds;
    }

    /** How many users one tick checks: the interval's share of them, with a quarter of slack so checks keep up. */
    static int perTick(int linkedUsers, long intervalSeconds, long tickSeconds) {
        double share = (double) linkedUsers * tickSeconds / intervalSeconds;
        return (int) Math.min(linkedUsers, (long) Math.ceil(share * 1.25) + 1);
    }

    /** @return how many users were checked at Hugging Face */
    int run() {
        RealmModel realm = provider.realm();
        // Keycloak's realm-scoped look-ups (this provider's mappers) read the session's realm: RecheckedProviders left
        // the last realm it looked at there, whose provider of the same alias has mappers of its own.
        session.getContext().setRealm(realm);
        String alias = provider.model().getAlias();
        HuggingFaceIdentityProviderConfig config = new HuggingFaceIdentityProviderConfig(provider.model());
        boolean followMappers = !ForcedOrganizationMappers.of(session, provider.model()).isEmpty();
        if (config.getAllowedOrganizations().isEmpty() && !followMappers) {
            LOG.debugf("Hugging Face re-check: provider %s of realm %s has no allow-list and no FORCE organization mapper, "
                    + "nothing to re-check", alias, realm.getName());
            return 0;
        }
        RecheckSettings settings = provider.settings();
        List<LinkedUsers.Link> links = LinkedUsers.of(session, realm.getId(), alias);
        int budget = perTick(links.size(), settings.intervalSeconds(), tickSeconds);
        RecheckLedger ledger = new RecheckLedger(session, realm.getId(), alias);
        MembershipCheck check = new MembershipCheck(session, config);
        int checked = 0;
        for (LinkedUsers.Link link : links) {
            if (checked >= budget) {
                break;
            }
            if (ledger.checkedRecently(link.userId()) || !ledger.claim(link.userId(), settings.intervalSeconds())) {
                continue;
            }
            if (!hasAccess(realm, link.userId())) {
                continue;
            }
            checked++;
            Verdict verdict;
            try {
                verdict = check.check(realm, link.hfSubject());
            } catch (RuntimeException e) {
                verdict = Verdict.Unreachable.failedInside(e);
            }
            apply(verdict, link, ledger, settings, followMappers);
        }
        LOG.debugf("Hugging Face re-check: provider %s of realm %s, %d of %d linked users checked this tick",
                alias, realm.getName(), checked, links.size());
        return checked;
    }

    private boolean hasAccess(RealmModel realm, String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        return user != null && (session.sessions().getUserSessionsStream(realm, user).findAny().isPresent()
                || session.sessions().getOfflineUserSessionsStream(realm, user).findAny().isPresent());
    }

    private void apply(Verdict verdict, LinkedUsers.Link link, RecheckLedger ledger, RecheckSettings settings,
                       boolean followMappers) {
        String alias = provider.model().getAlias();
        String userId = link.userId();
        String realmId = provider.realm().getId();
        if (verdict instanceof Verdict.Refused refused) {
            ledger.clearUnreachable(userId);
            AccessRevocation.endAccess(session.getKeycloakSessionFactory(), realmId, alias, userId, refused);
        } else if (verdict instanceof Verdict.Unreachable unreachable) {
            unreachable(userId, unreachable, ledger, settings);
        } else if (verdict instanceof Verdict.StillAllowed allowed) {
            ledger.clearUnreachable(userId);
            if (followMappers) {
                MapperFollowUp.apply(session.getKeycloakSessionFactory(), realmId, alias, userId, link.hfSubject(), allowed.claims());
            }
        } else {
            LOG.debugf("Hugging Face re-check: user %s of provider %s has no stored grant; bound is the session lifetime", userId, alias);
        }
    }

    /** Nothing changes within the grace period; after it, what the admin chose. */
    private void unreachable(String userId, Verdict.Unreachable unreachable, RecheckLedger ledger, RecheckSettings settings) {
        String alias = provider.model().getAlias();
        long now = Time.currentTime();
        long since = ledger.unreachableSince(userId).orElse(now);
        if (since == now) {
            ledger.markUnreachable(userId, now, settings.graceSeconds() + 2 * settings.intervalSeconds() + 60);
        }
        long left = since + settings.graceSeconds() - now;
        String failed = unreachable.insideKeycloak()
                ? "could not check the user (an error inside Keycloak, not at Hugging Face)" : "could not reach Hugging Face";
        if (left > 0) {
            LOG.warnf("Hugging Face re-check %s: realm=%s provider=%s user=%s (%s); no change for %d s more (grace period)",
                    failed, provider.realm().getName(), alias, userId, unreachable.reason(), left);
            return;
        }
        if (settings.afterGrace() == RecheckSettings.AfterGrace.KEEP_SESSIONS) {
            LOG.warnf("Hugging Face re-check %s for %d s: realm=%s provider=%s user=%s (%s); "
                    + "sessions kept (after grace: keep-sessions)", failed, now - since, provider.realm().getName(), alias, userId,
                    unreachable.reason());
            return;
        }
        AccessRevocation.endAccess(session.getKeycloakSessionFactory(), provider.realm().getId(), alias, userId,
                new Verdict.Refused(Verdict.Rule.UNREACHABLE_AFTER_GRACE,
                        (unreachable.insideKeycloak() ? "the check failing inside Keycloak for " : "Hugging Face unreachable for ")
                                + (now - since) + " s (" + unreachable.reason() + ")"));
    }
}
