package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Chromium: the login as a person sees it, with the Hugging Face theme; screenshots of each
 * page land in target/screenshots/.
 */
@ExtendWith(LiveEnvironment.class)
class ChromiumLoginIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void givenHuggingFaceTheme_whenSigningInWithChromium_thenTheButtonShowsTheLogoAndTheLoginCompletes() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("trustEmail", true));
        useHuggingFaceTheme(hf.realm(), List.of("en"));
        HfUser ada = hf.ada();

        try (Chromium chromium = Chromium.start(1024, 800, "en")) {
            ChromeDriver driver = chromium.driver();
            driver.get(hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri()));
            WebElement button = new WebDriverWait(driver, WAIT)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id(SignInFlow.HF_BUTTON)));
            assertButtonHasVisibleLogo(driver, button);
            chromium.screenshot("01-keycloak-login", Chromium.ReadmeImage.LOGIN_PAGE);

            button.click();
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("allow")));
            assertTrue(driver.getCurrentUrl().startsWith(hf.huggingFace().baseUrl() + "/oauth/authorize"));
            chromium.screenshot("02-huggingface-consent", Chromium.ReadmeImage.STAND_IN_CONSENT);

            WebElement username = driver.findElement(By.id("username"));
            username.clear();
            username.sendKeys(ada.preferredUsername());
            driver.findElement(By.id("allow")).click();
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.titleIs(TestApp.SIGNED_IN_TITLE));
            chromium.screenshot("03-signed-in-to-app");

            // Same browser, same Keycloak session: the account console lists the linked Hugging Face account.
            driver.get(LiveEnvironment.get().keycloak().baseUrl() + "/realms/" + hf.realm().name()
                    + "/account/account-security/linked-accounts");
            new WebDriverWait(driver, Duration.ofSeconds(40)).ignoring(StaleElementReferenceException.class).until(d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.contains("Linked login providers") && text.contains("Hugging Face");
            });
            chromium.screenshot("07-account-linked-accounts");
        }
        assertEquals(ada.email(), hf.realm().user(ada.preferredUsername()).get("email").asText());
    }

    @Test
    void givenNarrowScreenAndDarkMode_thenTheLogoStillShows() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        useHuggingFaceTheme(hf.realm(), List.of("en"));
        try (Chromium chromium = Chromium.start(360, 740, "en")) {
            ChromeDriver driver = chromium.driver();
            driver.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            driver.get(hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri()));
            WebElement button = new WebDriverWait(driver, WAIT)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id(SignInFlow.HF_BUTTON)));
            new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                    "return document.documentElement.classList.contains('pf-v5-theme-dark')")));
            assertButtonHasVisibleLogo(driver, button);
            assertTrue(button.getRect().getWidth() <= 360, "the button fits a 360 px screen");
            chromium.screenshot("04-keycloak-login-narrow-dark");
        }
    }

    @Test
    void givenAllowList_whenAnOutsiderSignsIn_thenTheRefusalIsShownInEnglishAndInChinese() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        useHuggingFaceTheme(hf.realm(), List.of("en", "zh-Hans"));
        HfUser outsider = hf.outsider();

        refuse(hf, outsider, "en", "not a member of an organization allowed to sign in here", "05-refused-en");
        refuse(hf, outsider, "zh-Hans", "不属于允许在此登录的组织", "06-refused-zh-Hans");
        assertEquals(0, hf.realm().users().size());
    }

    private static void refuse(HuggingFaceFixture hf, HfUser user, String locale, String expected, String screenshot) {
        try (Chromium chromium = Chromium.start(1024, 800, locale)) {
            ChromeDriver driver = chromium.driver();
            driver.get(hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri()) + "&ui_locales=" + locale);
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.id(SignInFlow.HF_BUTTON))).click();
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("allow")));
            WebElement username = driver.findElement(By.id("username"));
            username.clear();
            username.sendKeys(user.preferredUsername());
            driver.findElement(By.id("allow")).click();
            try {
                new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> d.getPageSource().contains(expected));
            } finally {
                chromium.screenshot(screenshot);
            }
        }
    }

    /**
     * The logo is the ::before of the button's label (Keycloak 26.1+, where the label holds the provider's
     * name), or the label itself (26.0, whose social buttons are icons named by their aria-label): either
     * way it must have a size and point at an SVG that loads.
     */
    private static void assertButtonHasVisibleLogo(ChromeDriver driver, WebElement button) {
        String name = button.getText().isBlank() ? button.getAttribute("aria-label") : button.getText();
        assertTrue(name.contains("Hugging Face"), "the button is named: " + name);
        WebElement label = button.findElement(By.className("kc-social-huggingface"));
        @SuppressWarnings("unchecked")
        Map<String, Object> logo = (Map<String, Object>) driver.executeScript(
                "const own = getComputedStyle(arguments[0]);"
                        + "const s = own.backgroundImage.includes('huggingface-logo') ? own : getComputedStyle(arguments[0], '::before');"
                        + "const cube = arguments[0].querySelector('svg');"
                        + "return {width: parseFloat(s.width), height: parseFloat(s.height), image: s.backgroundImage,"
                        + " cubeShown: cube !== null && cube.getBoundingClientRect().width > 0};", label);
        assertTrue(((Number) logo.get("width")).doubleValue() > 0 && ((Number) logo.get("height")).doubleValue() > 0,
                "logo has a size: " + logo);
        assertEquals(Boolean.FALSE, logo.get("cubeShown"), "Keycloak's generic icon is not shown beside the logo: " + logo);
        String image = String.valueOf(logo.get("image"));
        assertTrue(image.contains("huggingface-logo.svg"), image);
        String url = image.substring(image.indexOf("url(\"") + 5, image.lastIndexOf("\")"));
        HttpResponse<String> svg = SignInFlow.send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertEquals(200, svg.statusCode(), url);
        assertTrue(svg.body().contains("<svg"), "the logo is an SVG");
    }

    static void useHuggingFaceTheme(TestRealm realm, List<String> locales) {
        AdminClient admin = LiveEnvironment.get().admin();
        admin.put("/realms/" + realm.name(), Map.of(
                "loginTheme", "huggingface",
                "internationalizationEnabled", true,
                "supportedLocales", locales,
                "defaultLocale", "en")).expect(204);
    }
}
