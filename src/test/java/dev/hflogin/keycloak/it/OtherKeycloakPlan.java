package dev.hflogin.keycloak.it;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Whether the run's test plan has a class {@link UsesOtherKeycloak}: registered with JUnit as a test execution listener
 * (META-INF/services), read by {@link OtherKeycloak} before it starts the second Keycloak in the background.
 */
public final class OtherKeycloakPlan implements TestExecutionListener {

    private static volatile boolean planned;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        planned = PlanClasses.countAnnotated(plan, UsesOtherKeycloak.class) > 0;
    }

    static boolean planned() {
        return planned;
    }
}
