package dev.hflogin.keycloak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI cannot pass by skipping: .ci/run, on a machine where it can install nothing (not root) and finds
 * no Chromium and no Docker, fails before running Maven, unless HFLOGIN_ALLOW_SKIPS=1. Run on a copy
 * of the script with stand-ins for id, dpkg, mvn and the reproducible-build check, and a PATH holding
 * only the shell tools it needs. And the container profile leaves out every cluster test, as the
 * README says.
 */
class CiRunTest {

    private static final List<String> SHELL_TOOLS = List.of("bash", "dirname", "grep", "cat", "rm", "mkdir", "seq", "sleep", "xargs");

    @Test
    void givenNoChromiumNoDockerAndNoRoot_thenCiFailsWithoutRunningTheTests(@TempDir Path dir) throws Exception {
        Result result = runCi(dir, Map.of());

        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("FAILED: missing chromium"), result.output());
        assertFalse(Files.exists(dir.resolve("mvn-calls")), "no test ran");
    }

    @Test
    void givenSkipsAllowed_thenCiRunsWhatItCanAndSaysWhatItSkipped(@TempDir Path dir) throws Exception {
        Result result = runCi(dir, Map.of("HFLOGIN_ALLOW_SKIPS", "1"));

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(List.of("mvn -B verify", "mvn -B verify -Prun-command", "mvn -B verify -Pcluster"), Files.readAllLines(dir.resolve("mvn-calls")));
        assertTrue(result.output().contains("SKIPPED (no docker)"), result.output());
    }

    @Test
    void givenTheContainerProfile_thenItExcludesEveryClusterTest() throws Exception {
        Element container = null;
        NodeList profiles = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"))
                .getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if ("container".equals(profile.getElementsByTagName("id").item(0).getTextContent())) {
                container = profile;
            }
        }
        assertTrue(container != null, "pom.xml has a container profile");
        List<PathMatcher> excludes = new ArrayList<>();
        for (String pattern : container.getElementsByTagName("it.excludes").item(0).getTextContent().split(",")) {
            excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.trim()));
        }
        try (Stream<Path> tests = Files.list(Path.of("src/test/java/dev/hflogin/keycloak/cluster"))) {
            List<Path> clusterTests = tests.filter(p -> p.getFileName().toString().endsWith("IT.java")).toList();
            assertFalse(clusterTests.isEmpty());
            for (Path test : clusterTests) {
                assertTrue(excludes.stream().anyMatch(m -> m.matches(test)), test + " would run in the container profile");
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** .ci/run in a copy of the repository's layout: no chromium, chromedriver, docker or apt-get on its PATH. */
    private static Result runCi(Path dir, Map<String, String> environment) throws IOException, InterruptedException {
        Path repo = dir.resolve("repo");
        Path ci = Files.createDirectories(repo.resolve(".ci"));
        Files.copy(Path.of(".ci/run"), ci.resolve("run"));
        executable(ci.resolve("reproducible.sh"), "#!/bin/sh\nexit 0\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : SHELL_TOOLS) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        executable(bin.resolve("id"), "#!/bin/sh\necho 1000\n");
        executable(bin.resolve("dpkg"), "#!/bin/sh\nexit 1\n");
        executable(bin.resolve("mvn"), "#!/bin/sh\necho \"mvn $*\" >> " + dir.resolve("mvn-calls") + "\n");
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("bash").toString(), ci.resolve("run").toString())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "CI script still running: " + output);
        return new Result(process.exitValue(), output);
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        assertTrue(file.toFile().setExecutable(true));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " not on PATH");
    }
}
