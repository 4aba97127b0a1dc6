package dev.hflogin.keycloak;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a release needs besides the code: a changelog entry for a released version, the README
 * naming the newest release, the license where the pom says it is, and a fixed build timestamp.
 */
class ReleaseFilesTest {

    /** "## [0.2.0] - 2026-11-24": a release heading in Keep a Changelog format. */
    private static final Pattern RELEASE_HEADING =
            Pattern.compile("(?m)^## \\[(\\d+\\.\\d+\\.\\d+)] - \\d{4}-\\d{2}-\\d{2}$");

    @Test
    void givenReleasedPomVersion_thenTheChangelogHasItsEntry() throws Exception {
        String version = pomChild("version");
        String changelog = Files.readString(Path.of("docs/CHANGELOG.md"));
        assertTrue(changelog.contains("## [Unreleased]"), "the changelog keeps an Unreleased section");
        if (!version.endsWith("-SNAPSHOT")) {
            assertTrue(Pattern.compile("(?m)^## \\[" + Pattern.quote(version) + "] - \\d{4}-\\d{2}-\\d{2}$")
                    .matcher(changelog).find(), "docs/CHANGELOG.md has a dated entry for " + version);
        }
    }

    @Test
    void givenChangelog_thenTheReadmeNamesItsNewestRelease() throws Exception {
        Matcher newest = RELEASE_HEADING.matcher(Files.readString(Path.of("docs/CHANGELOG.md")));
        assertTrue(newest.find(), "the changelog has a release");
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("Version " + newest.group(1) + ", licensed under the Apache License 2.0 (SPDX: `Apache-2.0`"),
                "README names release " + newest.group(1) + " and the license's SPDX identifier");
        assertTrue(readme.contains("](docs/CHANGELOG.md)") && readme.contains("](docs/SECURITY.md)"),
                "README links the changelog and the security policy");
    }

    @Test
    void givenPomLicense_thenItIsApache2WithItsTextAtTheTop() throws Exception {
        Element license = (Element) document().getElementsByTagName("license").item(0);
        assertEquals("Apache-2.0", license.getElementsByTagName("name").item(0).getTextContent().trim(), "SPDX identifier");
        String text = Files.readString(Path.of("LICENSE"));
        assertTrue(text.contains("Apache License\n                           Version 2.0, January 2004"), "LICENSE is the Apache License 2.0");
        assertTrue(text.contains("END OF TERMS AND CONDITIONS"), "LICENSE is the whole text");
    }

    @Test
    void givenPom_thenTheBuildTimestampIsFixed() throws Exception {
        Element properties = (Element) document().getDocumentElement().getElementsByTagName("properties").item(0);
        Node timestamp = properties.getElementsByTagName("project.build.outputTimestamp").item(0);
        assertFalse(timestamp == null, "pom.xml sets project.build.outputTimestamp (reproducible JARs)");
        assertTrue(timestamp.getTextContent().trim().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"),
                "a fixed ISO-8601 instant, not a property: " + timestamp.getTextContent());
    }

    /** A direct child of the pom's project element, such as its version (not a dependency's). */
    private static String pomChild(String name) throws Exception {
        for (Node child = document().getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no <" + name + ">");
    }

    private static org.w3c.dom.Document document() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }
}
