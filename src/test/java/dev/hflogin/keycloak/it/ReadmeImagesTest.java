package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.Chromium.ReadmeImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The screenshots in docs/images/ are what a named Chromium test saw: every image the README shows
 * is one a test makes (and copies there with -Dscreenshots.update=true), and no other image lies there.
 */
class ReadmeImagesTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void givenReadme_thenEveryImageItShowsIsOneATestMakes() throws IOException {
        Set<String> made = Arrays.stream(ReadmeImage.values()).map(image -> image.file).collect(Collectors.toSet());
        Matcher reference = Pattern.compile("\\]\\(docs/images/([^)]+)\\)").matcher(Files.readString(Path.of("README.md")));
        Set<String> shown = new TreeSet<>();
        while (reference.find()) {
            shown.add(reference.group(1));
        }
        assertTrue(!shown.isEmpty(), "README.md shows images from docs/images/");
        for (String file : shown) {
            assertTrue(made.contains(file), file + " is shown by README.md but no test makes it (Chromium.ReadmeImage)");
        }
    }

    @Test
    void givenDocsImages_thenEachIsAPngThatItsNamedTestMakes() throws IOException {
        Set<String> present;
        try (Stream<Path> files = Files.list(ReadmeImage.DIR)) {
            present = files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(Arrays.stream(ReadmeImage.values()).map(image -> image.file).collect(Collectors.toCollection(TreeSet::new)),
                present, "docs/images/ holds exactly the images tests make");
        for (ReadmeImage image : ReadmeImage.values()) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(image.path()), PNG_SIGNATURE.length);
            assertArrayEquals(PNG_SIGNATURE, head, image.file + " is a PNG");
            // The named test hands this image to Chromium.screenshot, so running it regenerates the file.
            String source = Files.readString(Path.of("src/test/java/dev/hflogin/keycloak/it", image.madeBy + ".java"));
            assertTrue(source.contains("ReadmeImage." + image.name()), image.madeBy + " makes " + image.file);
        }
    }
}
