package dev.hflogin.keycloak.demo;

import dev.hflogin.keycloak.it.AdminClient;
import dev.hflogin.keycloak.it.DistributionKeycloakServer;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The README's run command ({@code mvn -Prun package}): Keycloak on http://localhost:8080 with a
 * realm that offers "Sign in with Hugging Face". With HF_CLIENT_ID and HF_CLIENT_SECRET set it uses
 * real Hugging Face; without, a local Hugging Face stand-in on port 8085, labelled as such.
 * Ctrl-C stops everything.
 */
public final class RunKeycloak {

    static final String REALM = "huggingface-demo";

    private RunKeycloak() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("PORT", "8080"));
        int standInPort = Integer.parseInt(env("STANDIN_PORT", "8085"));
        String clientId = System.getenv("HF_CLIENT_ID");
        String clientSecret = System.getenv("HF_CLIENT_SECRET");
        boolean realHuggingFace = clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();

        requireFree(port, "Keycloak", "PORT");
        HuggingFaceStandIn standIn = null;
        if (!realHuggingFace) {
            requireFree(standInPort, "the Hugging Face stand-in", "STANDIN_PORT");
            standIn = HuggingFaceStandIn.start(standInPort);
        }
        String version = System.getProperty("keycloak.server.version");
        Path buildDir = Path.of(System.getProperty("build.dir", "target"));
        System.out.println("Starting Keycloak " + version + " on http://localhost:" + port + " (first start takes about a minute)...");
        DistributionKeycloakServer keycloak = DistributionKeycloakServer.start(
                Path.of(System.getProperty("keycloak.dist.dir")), version,
                Path.of(System.getProperty("provider.jar")), buildDir.resolve("run-logs"), port);

        HuggingFaceStandIn stopStandIn = standIn;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Keycloak" + (stopStandIn != null ? " and the Hugging Face stand-in" : "") + "...");
            keycloak.close();
            if (stopStandIn != null) {
                stopStandIn.close();
            }
            stopped.countDown();
        }, "stop-demo"));

        String keycloakUrl = "http://localhost:" + port;
        DemoRealm realm = new DemoRealm(new AdminClient(keycloak.baseUrl()), REALM);
        if (realHuggingFace) {
            realm.create(clientId, clientSecret, null);
        } else {
            String demoClientId = "keycloak-demo";
            String demoSecret = "stand-in-secret";
            StandInDemo.registerDemoApp(standIn, demoClientId, demoSecret,
                    keycloakUrl + "/realms/" + REALM + "/broker/huggingface/endpoint",
                    keycloak.baseUrl() + "/realms/" + REALM + "/broker/huggingface/endpoint");
            realm.create(demoClientId, demoSecret, standIn.baseUrl());
        }

        System.out.println();
        System.out.println("Keycloak " + version + " with Hugging Face login is running.");
        System.out.println("  Sign in:        " + keycloakUrl + "/realms/" + REALM + "/account  (click \"Hugging Face\")");
        System.out.println("  Admin console:  " + keycloakUrl + "/admin/master/console/#/" + REALM + "/identity-providers  (admin / admin)");
        if (realHuggingFace) {
            System.out.println("  Upstream:       real Hugging Face (https://huggingface.co), client ID " + clientId);
            System.out.println("  Register this redirect URI on your Hugging Face OAuth app:");
            System.out.println("                  " + keycloakUrl + "/realms/" + REALM + "/broker/huggingface/endpoint");
        } else {
            System.out.println("  Upstream:       LOCAL HUGGING FACE STAND-IN at " + standIn.baseUrl()
                    + " (not huggingface.co; set HF_CLIENT_ID and HF_CLIENT_SECRET for the real one)");
            System.out.println("                  sign in there as " + StandInDemo.DEMO_USERS);
        }
        System.out.println("  Keycloak log:   " + keycloak.logFile());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A busy port gets a clear message instead of a stack trace from deep inside Keycloak. */
    private static void requireFree(int port, String what, String variable) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            System.err.println("Port " + port + " (for " + what + ") is already in use. Stop whatever uses it, "
                    + "or choose another port: " + variable + "=<port> mvn -Prun package");
            System.exit(2);
        }
    }
}
