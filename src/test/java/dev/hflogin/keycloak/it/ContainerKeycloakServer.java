package dev.hflogin.keycloak.it;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import dasniko.testcontainers.keycloak.ExtendableKeycloakContainer;
import dev.hflogin.keycloak.it.docker.ContainerImages;
import dev.hflogin.keycloak.it.docker.DockerEngine;
import dev.hflogin.keycloak.it.docker.StandInCertificate;
import dev.hflogin.keycloak.it.standin.ListenAddress;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * Keycloak in a container through testcontainers-keycloak ({@code -Pcontainer}): the official image,
 * or the local stand-in built from Debian's packages where it cannot be pulled (see ContainerImages),
 * with the provider JAR in providers/.
 *
 * <p>Least exposure both ways. Keycloak's ports are published on 127.0.0.1 only, where the tests and
 * the browser reach it as they reach the distribution. The Hugging Face stand-in listens on Docker's
 * bridge gateway only (the one address of this machine the container can reach), and over https with
 * a certificate made for this run that Keycloak trusts through its truststore-paths option: the
 * provider's rule that a Hugging Face URL is https unless it is loopback holds unchanged.
 */
final class ContainerKeycloakServer implements KeycloakServer {

    private static final String TRUSTSTORE = "/opt/keycloak/conf/truststores/hf-standin.pem";

    private final LocalKeycloakContainer container;
    private final Path logFile;
    private final String version;
    private final InetAddress gateway;
    private final StandInCertificate certificate;

    private ContainerKeycloakServer(LocalKeycloakContainer container, Path logFile, String version,
                                    InetAddress gateway, StandInCertificate certificate) {
        this.container = container;
        this.logFile = logFile;
        this.version = version;
        this.gateway = gateway;
        this.certificate = certificate;
    }

    @SuppressWarnings("resource")
    static ContainerKeycloakServer start(String version, Path providerJar, Path distZip, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path dockerLog = logDir.resolve("docker.log");
            InetAddress gateway = DockerEngine.bridgeGateway(dockerLog);
            StandInCertificate certificate = StandInCertificate.ofThisRun(gateway, logDir.resolve("tls"));
            String image = ContainerImages.keycloak(version, distZip, logDir.resolve("local-images.log"));
            Path log = logDir.resolve("keycloak-container-" + version + ".log");
            Files.deleteIfExists(log);
            Path probes = Files.createDirectories(logDir.resolve("test-providers"));
            dev.hflogin.keycloak.it.probe.TestProviders.install(probes); // test-only listeners (OrganizationEventProbe)
            LocalKeycloakContainer container = new LocalKeycloakContainer(image)
                    .withProviderLibsFrom(List.of(providerJar.toFile(),
                            probes.resolve(dev.hflogin.keycloak.it.probe.TestProviders.JAR_NAME).toFile()))
                    .withFeaturesEnabled(DistributionKeycloakServer.FEATURES.split(","))
                    .withCopyFileToContainer(MountableFile.forHostPath(certificate.pem()), TRUSTSTORE)
                    .withEnv("KC_TRUSTSTORE_PATHS", TRUSTSTORE)
                    // the short re-check tick, in the spelling the image's Keycloak version knows (MembershipRecheckIT)
                    .withCustomCommand(DistributionKeycloakServer.recheckTickOption(version))
                    .withStartupTimeout(Duration.ofMinutes(4));
            container.withLogConsumer(frame -> append(log, frame));
            System.out.println("Keycloak container from " + image + "; Hugging Face stand-in on https://"
                    + gateway.getHostAddress());
            container.start();
            return new ContainerKeycloakServer(container, log, version, gateway, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes every exposed port on 127.0.0.1 only, and says so to Testcontainers' waits and URLs. */
    private static final class LocalKeycloakContainer extends ExtendableKeycloakContainer<LocalKeycloakContainer> {

        LocalKeycloakContainer(String image) {
            super(image);
            withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(getExposedPorts().stream()
                    .map(port -> new PortBinding(com.github.dockerjava.api.model.Ports.Binding.bindIp("127.0.0.1"),
                            new ExposedPort(port)))
                    .toList()));
        }

        @Override
        public String getHost() {
            return "127.0.0.1";
        }
    }

    private static void append(Path log, OutputFrame frame) {
        try {
            Files.writeString(log, frame.getUtf8String(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // losing a log line must not fail the test run
        }
    }

    /** https on the bridge gateway with this run's certificate: see the class comment. */
    @Override
    public ListenAddress standInAddress() {
        return ListenAddress.https(gateway, certificate.serverContext());
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + container.getHttpPort();
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void close() {
        container.stop();
    }
}
