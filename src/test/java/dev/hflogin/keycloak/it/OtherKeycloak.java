package dev.hflogin.keycloak.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The run's second Keycloak, for what the first cannot be at the same time: Identity Brokering API V2
 * in place of V1 (Keycloak 26.7+, the default from 27) and the Organizations feature switched off at
 * the server. It shares the run's stand-in and test app, starts in the background as soon as the first
 * Keycloak is up (so its start-up overlaps the tests instead of adding to them) when the run has a class
 * {@link UsesOtherKeycloak}, else when first asked for, and stops with the run.
 * Distribution runtime only: the container suite does not run the tests that need it.
 */
final class OtherKeycloak {

    static final String COPY_NAME = "other";
    /** What a server option {@code --features-disabled=organization} switches off. */
    static final String ORGANIZATIONS_FEATURE = "organization";

    private static CompletableFuture<LiveEnvironment.Resources> starting;

    private OtherKeycloak() {
    }

    static boolean hasBrokeringApiV2() {
        return KeycloakVersion.atLeast(TestSettings.keycloakVersion(), 26, 7);
    }

    static String features() {
        return hasBrokeringApiV2() ? DistributionKeycloakServer.FEATURES_BROKERING_V2 : DistributionKeycloakServer.FEATURES;
    }

    /** Called once the run's own Keycloak is up: starts the second one if the run has a class that uses it. */
    static void startIfPlanned(LiveEnvironment.Resources shared) {
        if (OtherKeycloakPlan.planned()) {
            startInBackground(shared);
        }
    }

    private static synchronized void startInBackground(LiveEnvironment.Resources shared) {
        if (starting != null || !"distribution".equals(TestSettings.runtime())) {
            return;
        }
        starting = CompletableFuture.supplyAsync(() -> LiveEnvironment.startAnother(shared, COPY_NAME, features(),
                ORGANIZATIONS_FEATURE), command -> {
                    Thread thread = new Thread(command, "start-other-keycloak");
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    /** Waits for the second Keycloak (its own start is bounded); skips, saying why, where there is none. */
    static LiveEnvironment.Resources get() {
        assumeTrue("distribution".equals(TestSettings.runtime()),
                "the second Keycloak (Brokering API V2, Organizations feature off) runs from the distribution only");
        CompletableFuture<LiveEnvironment.Resources> future;
        synchronized (OtherKeycloak.class) {
            startInBackground(LiveEnvironment.get());
            future = starting;
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the second Keycloak did not start", e.getCause());
        }
    }

    /** At the end of the run: waits for a start still under way (bounded by its time-out), then stops it. */
    static synchronized void stop() {
        if (starting == null) {
            return;
        }
        try {
            starting.join().keycloak().close();
        } catch (RuntimeException e) {
            System.err.println("the second Keycloak had not started: " + e);
        }
        starting = null;
    }
}
