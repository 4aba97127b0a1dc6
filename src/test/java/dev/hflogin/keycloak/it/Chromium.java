package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.docker.StandInCertificate;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's Chromium driven by Selenium through Debian's chromedriver (paths set explicitly, so
 * Selenium never tries to download a browser). Tests using it are skipped, saying why (see
 * {@link MissingTool}), when the packages are not installed; .ci/run installs them.
 */
public final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test (with the reason) when Chromium or its driver is missing. */
    public static Chromium start(int width, int height, String language) {
        MissingTool.skipUnless(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER), "chromium",
                "Chromium tests need Debian's 'chromium' and 'chromium-driver' packages (installed by .ci/run)");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--lang=" + language,
                "--window-size=" + width + "," + height);
        // With Keycloak in a container, the stand-in serves https with this run's certificate: accept
        // its key, and only its key (the flag names one public key; ChromeDriver's profile is new).
        StandInCertificate.trustedInThisJvm().ifPresent(certificate ->
                options.addArguments("--ignore-certificate-errors-spki-list=" + certificate.publicKeySha256()));
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(width, height));
        return new Chromium(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the current page under target/screenshots/ and returns its path. */
    public Path screenshot(String name) {
        try {
            Path dir = TestSettings.screenshotDir();
            Files.createDirectories(dir);
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = dir.resolve(name + ".png");
            Files.copy(png.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The screenshot, also copied over the README's image in docs/images/ when run with
     * {@code -Dscreenshots.update=true}: the README shows what this test saw.
     */
    public Path screenshot(String name, ReadmeImage image) {
        Path png = screenshot(name);
        if (Boolean.getBoolean("screenshots.update")) {
            try {
                Files.copy(png, image.path(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return png;
    }

    /** The images under docs/images/, each made by one test (ReadmeImagesTest holds the README to them). */
    public enum ReadmeImage {
        LOGIN_PAGE("login-page.png", "ChromiumLoginIT"),
        STAND_IN_CONSENT("stand-in-consent.png", "ChromiumLoginIT"),
        ADMIN_PROVIDER_SETTINGS("admin-provider-settings.png", "AdminConsoleIT"),
        DEMO_ACCOUNT_GROUPS("demo-account-groups.png", "DemoAccountIT"),
        DEMO_ACCOUNT_ORGANIZATIONS("demo-account-organizations.png", "DemoAccountIT");

        static final Path DIR = Path.of("docs/images");

        final String file;
        final String madeBy;

        ReadmeImage(String file, String madeBy) {
            this.file = file;
            this.madeBy = madeBy;
        }

        Path path() {
            return DIR.resolve(file);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
