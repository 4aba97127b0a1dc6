package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, tried as a new user would: from a clean clone, `mvn -q -Prun package`,
 * wait for Keycloak, sign in through the Hugging Face stand-in, stop it.
 */
class RunCommandIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    /** Longer than the 30 s the run command's own stop gives Keycloak before it force-kills it. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final String READY_LINE = "Press Ctrl-C to stop.";

    @Test
    void givenCleanClone_whenTheRunCommandStarts_thenAUserCanSignInWithTheStandInAndCtrlCStopsIt() throws Exception {
        // The run command starts the distribution whatever the test runtime: run once, by mvn verify.
        Assumptions.assumeTrue("distribution".equals(TestSettings.runtime()), "the run command (mvn -Prun) starts "
                + "Keycloak's distribution, not a container: tested by mvn verify, not again by -Pcontainer");
        Path project = Path.of("").toAbsolutePath();
        // .git is a directory in a clone and a file in a git worktree; either can be cloned.
        Assumptions.assumeTrue(Files.exists(project.resolve(".git")), "needs the project's git repository to clone");
        Path clone = TestSettings.buildDir().resolve("run-command-clone");
        deleteRecursively(clone);
        run(List.of("git", "clone", "--quiet", project.toString(), clone.toString()), project);

        // "a busy port is reported as such": the README's promise, before anything starts.
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path refusedLog = TestSettings.logDir().resolve("run-command-busy-port.log");
            Process refused = runCommand(clone, busy.getLocalPort(), Ports.free(), refusedLog).start();
            if (!refused.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                refused.descendants().forEach(ProcessHandle::destroyForcibly);
                refused.destroyForcibly();
                throw new AssertionError("the run command kept running on a busy port; see " + refusedLog);
            }
            String said = Files.readString(refusedLog);
            assertTrue(refused.exitValue() != 0, "the run command failed on a busy port: " + said);
            assertTrue(said.contains("Port " + busy.getLocalPort() + " (for Keycloak) is already in use"), said);
        }

        int port = Ports.free();
        int standInPort = Ports.free();
        Path log = TestSettings.logDir().resolve("run-command.log");
        Process mvn = runCommand(clone, port, standInPort, log).start();
        List<ProcessHandle> tree = new ArrayList<>();
        List<String> leftAfterCtrlC; // described before the cleanup kills them
        try {
            awaitLine(mvn, log);
            String output = Files.readString(log);
            assertTrue(output.contains("LOCAL HUGGING FACE STAND-IN"), output);

            String keycloak = "http://127.0.0.1:" + port;
            try (Browser browser = new Browser()) {
                HtmlPage login = browser.open(keycloak + "/realms/huggingface-demo/protocol/openid-connect/auth"
                        + "?client_id=account-console&response_type=code&scope=openid"
                        + "&redirect_uri=" + AdminClient.encode(keycloak + "/realms/huggingface-demo/account/")
                        + "&code_challenge=" + "x".repeat(43) + "&code_challenge_method=S256");
                HtmlPage consent = Browser.click(login, SignInFlow.HF_BUTTON);
                assertTrue(consent.asNormalizedText().contains("stand-in"), consent.asNormalizedText());
                HtmlPage account = SignInFlow.allowAs(consent, "ada");
                assertTrue(account.getUrl().toString().startsWith(keycloak + "/realms/huggingface-demo/account/?"),
                        account.getUrl() + "\n" + account.asNormalizedText());
                assertTrue(Browser.queryParameter(account, "code").isPresent());
            }
            // What the demo shows (DemoAccountIT takes its screenshots): Ada's avatar from the stand-in,
            // her HF organizations as groups and as Keycloak organizations.
            AdminClient admin = new AdminClient(keycloak);
            JsonNode ada = admin.getJson("/realms/huggingface-demo/users?username=ada&exact=true").get(0);
            assertEquals("http://127.0.0.1:" + standInPort + "/avatars/ada.svg", ada.path("attributes").path("picture").path(0).asText());
            assertEquals(2, admin.getJson("/realms/huggingface-demo/users/" + ada.get("id").asText() + "/groups").size());
            assertEquals(2, admin.getJson("/realms/huggingface-demo/organizations/members/" + ada.get("id").asText()
                    + "/organizations").size());

            tree.add(mvn.toHandle());
            mvn.descendants().forEach(tree::add); // Keycloak's start script and its JVM
            mvn.destroy(); // SIGTERM, as Ctrl-C: the run command's shutdown hook stops Keycloak and the stand-in
            leftAfterCtrlC = awaitEnd(tree, STOP_TIMEOUT).stream().map(RunCommandIT::describe).toList();
        } finally {
            // Cleanup only: whatever is still running is force-killed so a failed run leaves nothing behind.
            mvn.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
            mvn.destroyForcibly();
        }
        assertEquals(List.of(), leftAfterCtrlC,
                "still running " + STOP_TIMEOUT.toSeconds() + " s after Ctrl-C (force-killed)");
        // The run command force-kills a Keycloak that lingers; Quarkus logs this line only on a clean stop.
        Matcher keycloakLog = Pattern.compile("Keycloak log:\\s+(\\S+)").matcher(Files.readString(log));
        assertTrue(keycloakLog.find(), "the run command names Keycloak's log");
        assertTrue(Files.readString(Path.of(keycloakLog.group(1))).contains("Keycloak stopped in"),
                "Keycloak shut down by itself on SIGTERM; see " + keycloakLog.group(1));
        assertFalse(listening(port), "Keycloak stopped with the run command");
        assertFalse(listening(standInPort), "the stand-in stopped with the run command");
    }

    /** The README's run command in the clone, with the stand-in (no HF credentials), its output to the log. */
    private static ProcessBuilder runCommand(Path clone, int port, int standInPort, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("mvn", "-q", "-B", "-Prun", "package")
                .directory(clone.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("STANDIN_PORT", String.valueOf(standInPort));
        builder.environment().remove("HF_CLIENT_ID");
        builder.environment().remove("HF_CLIENT_SECRET");
        return builder;
    }

    /** Waits, at most {@code timeout}, for every process to end by itself; returns those that did not. */
    private static List<ProcessHandle> awaitEnd(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && processes.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(500);
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }

    private static void awaitLine(Process process, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && Files.readString(log).contains(READY_LINE)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the run command exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the run command did not get ready within " + START_TIMEOUT + "; see " + log);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0, "failed: " + command);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
