package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.docker.DockerEngine;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * One real Keycloak, one Hugging Face stand-in and one test app for the whole test run: started by
 * the first integration test class, stopped when JUnit finishes (or the JVM exits).
 */
public final class LiveEnvironment implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, TestWatcher {

    private static volatile Resources resources;
    private static volatile HuggingFaceStandIn waitingLaneHuggingFace;
    private static Boolean dockerMissing;

    /** What the tests use; closed together. */
    public record Resources(KeycloakServer keycloak, HuggingFaceStandIn huggingFace, TestApp app, AdminClient admin)
            implements AutoCloseable {

        /** The main lane's stand-in: a waiting-lane test asking for it would share what it switches on. */
        @Override
        public HuggingFaceStandIn huggingFace() {
            if (WaitingLane.onLaneThread()) {
                throw new IllegalStateException("a waiting-lane test uses LiveEnvironment.waitingLaneHuggingFace(), "
                        + "not the run's shared stand-in");
            }
            return huggingFace;
        }

        @Override
        public void close() {
            OtherKeycloak.stop();
            app.close();
            huggingFace.close();
            keycloak.close();
        }
    }

    public static Resources get() {
        if (resources == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(LiveEnvironment.class)");
        }
        return resources;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (dockerMissing()) {
            return; // each test is skipped, saying why (beforeEach)
        }
        ExtensionContext.Store run = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        resources = run.getOrComputeIfAbsent(Resources.class, key -> startAll(), Resources.class);
        if (onWaitingLane(context)) {
            waitingLaneHuggingFace = run.getOrComputeIfAbsent(LaneStandIn.class,
                    key -> new LaneStandIn(HuggingFaceStandIn.start(resources.keycloak().standInAddress())),
                    LaneStandIn.class).standIn();
        }
    }

    /** The waiting lane's own stand-in ({@link OnWaitingLane}), on the run's Keycloak. */
    public static HuggingFaceStandIn waitingLaneHuggingFace() {
        if (waitingLaneHuggingFace == null) {
            throw new IllegalStateException("only a class annotated @OnWaitingLane has the lane's stand-in");
        }
        return waitingLaneHuggingFace;
    }

    /** Closed with the run, like the shared one. */
    private record LaneStandIn(HuggingFaceStandIn standIn) implements AutoCloseable {
        @Override
        public void close() {
            standIn.close();
        }
    }

    private static boolean onWaitingLane(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(OnWaitingLane.class);
    }

    private static Resources startAll() {
        KeycloakServer keycloak = KeycloakRuntime.start();
        Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "stop-keycloak"));
        HuggingFaceStandIn huggingFace = HuggingFaceStandIn.start(keycloak.standInAddress());
        TestApp app = TestApp.start();
        Resources started = new Resources(keycloak, huggingFace, app, new AdminClient(keycloak.baseUrl()));
        OtherKeycloak.startIfPlanned(started);
        return started;
    }

    /**
     * A second Keycloak (distribution runtime) started with other {@code --features} (and
     * {@code --features-disabled}, may be null), sharing the run's stand-in and test app; the caller closes
     * its Keycloak ({@code keycloak().close()}) when done. The run has one: {@link OtherKeycloak}.
     */
    static Resources startAnother(Resources shared, String copyName, String features, String featuresDisabled) {
        DistributionKeycloakServer keycloak = DistributionKeycloakServer.startCopy(TestSettings.distDir(),
                TestSettings.keycloakVersion(), TestSettings.providerJar(), TestSettings.logDir(), copyName, features,
                featuresDisabled);
        Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "stop-keycloak-" + copyName));
        return new Resources(keycloak, shared.huggingFace(), shared.app(), new AdminClient(keycloak.baseUrl()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (dockerMissing()) {
            MissingTool.skipUnless(false, "docker", context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName(), "Keycloak in a container " + DockerEngine.MISSING);
        }
        WaitingLane.enter(onWaitingLane(context));
    }

    /** Keycloak runs in a container (-Pcontainer) and no Docker engine answers; asked once per run. */
    private static synchronized boolean dockerMissing() {
        if (dockerMissing == null) {
            dockerMissing = "container".equals(TestSettings.runtime())
                    && !DockerEngine.available(TestSettings.logDir().resolve("docker.log"));
        }
        return dockerMissing;
    }

    /** A lane's stand-in is shared by its tests: whatever misbehaviour a test switched on ends with that test. */
    @Override
    public void afterEach(ExtensionContext context) {
        WaitingLane.leave();
        if (onWaitingLane(context)) {
            waitingLaneHuggingFace().behaviour().reset();
        } else if (resources != null) {
            resources.huggingFace().behaviour().reset();
        }
    }

    /** Points at the kept Keycloak log and shows its end, so a failure can be read from CI output. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (resources == null) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(resources.keycloak().logFile());
            System.err.println("---- " + context.getDisplayName() + " failed; Keycloak log: "
                    + resources.keycloak().logFile() + " (last 60 lines) ----");
            lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.err::println);
        } catch (IOException e) {
            System.err.println("Keycloak log unreadable: " + e);
        }
    }
}
