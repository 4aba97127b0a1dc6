package dev.hflogin.keycloak.it.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs the test-only providers of this package ({@link OrganizationEventProbe}) into a JAR for Keycloak's providers/. */
public final class TestProviders {

    public static final String JAR_NAME = "hf-test-probes.jar";

    private TestProviders() {
    }

    /** Writes the JAR into {@code providersDir}, replacing an older one. */
    public static void install(Path providersDir) {
        String pkg = OrganizationEventProbe.class.getPackageName().replace('.', '/');
        try (OutputStream file = Files.newOutputStream(providersDir.resolve(JAR_NAME));
             JarOutputStream jar = new JarOutputStream(file)) {
            Path classes = Path.of(OrganizationEventProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<Path> probes;
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                probes = files.filter(f -> f.getFileName().toString().startsWith(OrganizationEventProbe.class.getSimpleName())
                        && f.getFileName().toString().endsWith(".class")).sorted().toList();
            }
            for (Path probe : probes) {
                jar.putNextEntry(new JarEntry(pkg + "/" + probe.getFileName()));
                jar.write(Files.readAllBytes(probe));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("META-INF/services/org.keycloak.events.EventListenerProviderFactory"));
            jar.write((OrganizationEventProbe.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
