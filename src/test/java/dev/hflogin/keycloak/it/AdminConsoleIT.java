package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console as an operator sees it, in real Chromium: the Hugging Face provider's page with
 * its fields, and our three mapper types in its "Add mapper" list. Screenshots land in
 * target/screenshots/; the provider page is the README's (see Chromium.ReadmeImage).
 */
@ExtendWith(LiveEnvironment.class)
// First: the admin console lists realms page by page, and later tests create many realms.
@Order(1)
class AdminConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    /** The display names of our mapper types, as the admin console lists them. */
    private static final List<String> MAPPER_TYPES = List.of("Hugging Face claim to user attribute",
            "Hugging Face organizations to groups", "Hugging Face organization to role");
    private static final String MEMBER_MAPPER = "Hugging Face organizations to Keycloak organizations";

    @Test
    void givenProviderCreatedWithIdAndSecret_thenTheAdminConsoleShowsItsHuggingFaceFieldsAndMapperTypes() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        String keycloak = LiveEnvironment.get().keycloak().baseUrl();
        String console = keycloak + "/admin/master/console/#/" + hf.realm().name();

        try (Chromium chromium = Chromium.start(1280, 1600, "en")) {
            ChromeDriver driver = chromium.driver();
            driver.get(keycloak + "/admin/master/console/");
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys("admin");
            driver.findElement(By.id("kc-login")).click();
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/console/"));

            openOnce(driver, console + "/identity-providers/huggingface/huggingface/settings");
            awaitText(driver, List.of("Client ID", "Allowed organizations", "Additional Hugging Face scopes",
                    "Use PKCE (S256)", "Client authentication", "Hugging Face URL (advanced)"));
            chromium.screenshot("10-admin-provider-settings", Chromium.ReadmeImage.ADMIN_PROVIDER_SETTINGS);

            driver.get(console + "/identity-providers/huggingface/huggingface/mappers");
            awaitText(driver, List.of("Add mapper"));
            chromium.screenshot("11-admin-provider-mappers");
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//*[self::button or self::a][normalize-space()='Add mapper']"))).click();
            // The "Mapper type" list, opened as an operator would.
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("identityProviderMapper"))).click();
            awaitText(driver, MAPPER_TYPES);
            List<String> offered = driver.findElements(By.cssSelector("[role='option']")).stream()
                    .map(option -> option.getText().strip()).toList();
            assertTrue(offered.containsAll(MAPPER_TYPES), "Mapper type list: " + offered);
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", driver.findElement(
                    By.xpath("//*[@role='option'][normalize-space()='" + MAPPER_TYPES.get(0) + "']")));
            chromium.screenshot("12-admin-add-mapper-types");

            // The organization member mapper's form: its fields with their labels; roleGroups only where the server
            // has organization groups (26.7+).
            driver.findElement(By.xpath("//*[@role='option'][normalize-space()='" + MEMBER_MAPPER + "']")).click();
            List<String> fields = new java.util.ArrayList<>(List.of("Create missing organizations", "Minimum role in organization"));
            boolean roleGroups = KeycloakVersion.atLeast(LiveEnvironment.get().keycloak().version(), 26, 7);
            if (roleGroups) {
                fields.add("Organization group per Hugging Face role");
            }
            awaitText(driver, fields);
            assertEquals(roleGroups, driver.findElement(By.tagName("body")).getText()
                    .contains("Organization group per Hugging Face role"), "roleGroups offered exactly from 26.7");
            chromium.screenshot("13-admin-organization-member-mapper");
        }
    }

    /** Opens a console page; a "could not find" alert right after the realm was made gets one reload. */
    private static void openOnce(ChromeDriver driver, String url) {
        driver.get(url);
        String notFound = "Could not find the resource";
        try {
            new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
                String body = d.findElement(By.tagName("body")).getText();
                return body.contains(notFound) || body.contains("Client ID");
            });
            if (driver.findElement(By.tagName("body")).getText().contains(notFound)) {
                driver.navigate().refresh();
            }
        } catch (org.openqa.selenium.TimeoutException e) {
            // neither: awaitText reports what the page shows
        }
    }

    private static void awaitText(ChromeDriver driver, List<String> texts) {
        try {
            new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
                String body = d.findElement(By.tagName("body")).getText();
                return texts.stream().allMatch(body::contains);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            // Fall through to the assertions below, which name the missing text and show the page.
        }
        String body = driver.findElement(By.tagName("body")).getText();
        texts.forEach(text -> assertTrue(body.contains(text), text + " not on " + driver.getCurrentUrl() + ":\n" + body));
    }
}
