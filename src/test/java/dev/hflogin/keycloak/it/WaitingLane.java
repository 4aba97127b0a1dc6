package dev.hflogin.keycloak.it;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.time.Duration;

/**
 * The waiting lane of a run ({@link OnWaitingLane}): which threads run its tests, and when it is done. Registered with
 * JUnit as a test execution listener (META-INF/services), it counts the lane classes of the run's test plan, so that the
 * classes checking the whole run (SecretEchoesIT, SecurityCasesTableIT) can wait for them to finish.
 */
public final class WaitingLane implements TestExecutionListener {

    /** The lane's classes hold it while they run: one at a time. */
    static final String LOCK = "waiting-lane";

    /** Inherited, so the threads a lane test starts (concurrent requests) count as the lane's too. */
    private static final InheritableThreadLocal<Boolean> ON_LANE = new InheritableThreadLocal<>();
    private static final Object MONITOR = new Object();
    /** Lane classes of the run not finished yet; guarded by MONITOR. */
    private static int pending;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        long laneClasses = PlanClasses.countAnnotated(plan, OnWaitingLane.class);
        synchronized (MONITOR) {
            pending = (int) laneClasses;
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        finished(identifier);
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        finished(identifier);
    }

    private static void finished(TestIdentifier identifier) {
        if (isLaneClass(identifier)) {
            synchronized (MONITOR) {
                pending--;
                MONITOR.notifyAll();
            }
        }
    }

    private static boolean isLaneClass(TestIdentifier identifier) {
        return PlanClasses.isAnnotatedClass(identifier, OnWaitingLane.class);
    }

    /** Until every lane class of the run has finished (a run without any does not wait). */
    static void awaitEnd(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (MONITOR) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(pending + " waiting-lane classes still running after " + bound);
                }
                MONITOR.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Set for each test (and the threads it starts) by LiveEnvironment. */
    static void enter(boolean lane) {
        ON_LANE.set(lane);
    }

    static void leave() {
        ON_LANE.remove();
    }

    static boolean onLaneThread() {
        return Boolean.TRUE.equals(ON_LANE.get());
    }
}
