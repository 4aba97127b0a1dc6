package dev.hflogin.keycloak.recheck;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Registers the re-check once per Keycloak node, from the provider factory's {@code postInit}, with
 * Keycloak's timer. {@link ClusterAwareScheduledTaskRunner} lets one node of a cluster run each tick.
 * The tick (default {@value #DEFAULT_TICK_SECONDS} s) is a server option:
 * {@code --spi-social--huggingface--recheck-tick-seconds}.
 */
public final class RecheckScheduler {

    static final long DEFAULT_TICK_SECONDS = 60;
    static final String TICK_OPTION = "recheckTickSeconds";

    private static final Logger LOG = Logger.getLogger(RecheckScheduler.class);

    private RecheckScheduler() {
    }

    public static long tickSeconds(Config.Scope config) {
        Long configured = config == null ? null : config.getLong(TICK_OPTION);
        return configured == null || configured < 1 ? DEFAULT_TICK_SECONDS : configured;
    }

    public static void schedule(KeycloakSessionFactory factory, long tickSeconds) {
        long tickMillis = tickSeconds * 1000;
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, new MembershipRecheckTask(tickSeconds), tickMillis),
                    tickMillis, MembershipRecheckTask.NAME);
        }
        LOG.infof("Hugging Face membership re-check: timer every %d s on this node (providers with \"Re-check membership\" on)", tickSeconds);
    }

    public static void cancel(KeycloakSessionFactory factory) {
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.cancelTask(MembershipRecheckTask.NAME);
            }
        }
    }
}
