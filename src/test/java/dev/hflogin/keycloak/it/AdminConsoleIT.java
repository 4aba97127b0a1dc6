package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console as an operator sees it, in real Chromium: the Hugging Face provider's page with
 * its fields, and the mapper types. Screenshots for the README's walkthrough land in target/screenshots/.
 */
@ExtendWith(LiveEnvironment.class)
class AdminConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void givenProviderCreatedWithIdAndSecret_thenTheAdminConsoleShowsItsHuggingFaceFields() {
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

            driver.get(console + "/identity-providers/huggingface/huggingface/settings");
            awaitText(driver, List.of("Client ID", "Allowed organizations", "Additional Hugging Face scopes",
                    "Use PKCE (S256)", "Client authentication", "Hugging Face URL (advanced)"));
            chromium.screenshot("10-admin-provider-settings");

            driver.get(console + "/identity-providers/huggingface/huggingface/mappers");
            awaitText(driver, List.of("Add mapper"));
            chromium.screenshot("11-admin-provider-mappers");
        }
    }

    private static void awaitText(ChromeDriver driver, List<String> texts) {
        new WebDriverWait(driver, WAIT).until(d -> {
            String body = d.findElement(By.tagName("body")).getText();
            return texts.stream().allMatch(body::contains);
        });
        String body = driver.findElement(By.tagName("body")).getText();
        texts.forEach(text -> assertTrue(body.contains(text), text));
    }
}
