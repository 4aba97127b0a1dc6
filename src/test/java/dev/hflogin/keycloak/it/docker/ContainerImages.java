package dev.hflogin.keycloak.it.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The images the container tests run. The official ones where this Docker has them or can pull them;
 * else the local stand-ins that src/docker/local-images/build.sh builds from Debian's packages and
 * Keycloak's distribution zip (built once, reused while their inputs are unchanged). The system
 * property {@code container.images} chooses: {@code auto} (default), {@code official} or {@code local}.
 */
public final class ContainerImages {

    public static final String OFFICIAL_KEYCLOAK = "quay.io/keycloak/keycloak";
    public static final String OFFICIAL_POSTGRES = "postgres:16";
    static final Path BUILD_SCRIPT = Path.of("src/docker/local-images/build.sh");
    /** A first build runs debootstrap (about 1-3 minutes here); pulling an official image may take longer. */
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(15);
    private static final Duration PULL_LIMIT = Duration.ofMinutes(10);

    private static final Map<String, String> CHOSEN = new ConcurrentHashMap<>();

    private ContainerImages() {
    }

    /** @param distZip Keycloak's distribution zip, or null to let build.sh fetch it with Maven */
    public static String keycloak(String version, Path distZip, Path log) {
        List<String> arguments = new ArrayList<>(List.of("keycloak", version));
        if (distZip != null) {
            arguments.add(distZip.toAbsolutePath().toString());
        }
        return choose(OFFICIAL_KEYCLOAK + ":" + version, log, () -> build(log, arguments));
    }

    public static String postgres(Path log) {
        return choose(OFFICIAL_POSTGRES, log, () -> build(log, List.of("postgres")));
    }

    private static String choose(String official, Path log, Supplier<String> local) {
        String mode = System.getProperty("container.images", "auto");
        return CHOSEN.computeIfAbsent(official, key -> switch (mode) {
            case "official" -> official;
            case "local" -> local.get();
            case "auto" -> officialAvailable(official, log) ? official : local.get();
            default -> throw new IllegalArgumentException("container.images must be auto, official or local, not " + mode);
        });
    }

    /** Present already, or pulled now (fails at once where no registry can be reached). */
    private static boolean officialAvailable(String image, Path log) {
        return BoundedCommand.of(Duration.ofSeconds(30), "docker", "image", "inspect", image).run(log).ok()
                || BoundedCommand.of(PULL_LIMIT, "docker", "pull", image).run(log).ok();
    }

    /** build.sh prints the image name on its last line. */
    private static String build(Path log, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("bash", BUILD_SCRIPT.toString()));
        command.addAll(arguments);
        return new BoundedCommand(command, BUILD_LIMIT, Map.of(), Path.of(".")).run(log).orThrow().lastLine();
    }
}
