package dev.hflogin.keycloak.recheck;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/** Each tick: every provider with re-checking on gets its share of checks ({@link ProviderTick}). */
final class MembershipRecheckTask implements ScheduledTask {

    static final String NAME = "huggingface-membership-recheck";

    private static final Logger LOG = Logger.getLogger(MembershipRecheckTask.class);

    private final long tickSeconds;

    MembershipRecheckTask(long tickSeconds) {
        this.tickSeconds = tickSeconds;
    }

    @Override
    public void run(KeycloakSession session) {
        for (RecheckedProviders.Provider provider : RecheckedProviders.find(session)) {
            try {
                new ProviderTick(session, provider, tickSeconds).run();
            } catch (RuntimeException e) {
                // One provider's failure must not stop the others' checks.
                LOG.errorf(e, "Hugging Face re-check failed for provider %s of realm %s",
                        provider.model().getAlias(), provider.realm().getName());
            }
        }
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
