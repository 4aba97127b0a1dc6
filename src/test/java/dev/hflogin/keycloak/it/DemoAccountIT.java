package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.demo.DemoRealm;
import dev.hflogin.keycloak.demo.StandInDemo;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo shows what the provider does: the run command's realm (the compose realm file, pointed at
 * a stand-in with the demo users, as {@code mvn -Prun package} sets it up), "ada" signs in to the
 * account console in Chromium and sees her avatar, her organizations as groups and as Keycloak
 * organizations. Makes the README's demo screenshots.
 */
@ExtendWith(LiveEnvironment.class)
class DemoAccountIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String CLIENT_ID = "keycloak-demo";
    private static final String SECRET = "stand-in-secret";

    @Test
    void givenTheRunCommandsRealm_whenAdaSignsIn_thenTheAccountConsoleShowsHerAvatarGroupsAndOrganizations() {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        String realm = "demo-" + UUID.randomUUID().toString().substring(0, 6);
        String account = env.keycloak().baseUrl() + "/realms/" + realm + "/account/";
        try (HuggingFaceStandIn standIn = HuggingFaceStandIn.start()) {
            StandInDemo.registerDemoApp(standIn, CLIENT_ID, SECRET,
                    env.keycloak().baseUrl() + "/realms/" + realm + "/broker/huggingface/endpoint");
            new DemoRealm(env.admin(), realm).create(CLIENT_ID, SECRET, standIn.baseUrl());
            String avatar = standIn.avatarUrl("ada");

            try (Chromium chromium = Chromium.start(1280, 640, "en")) {
                ChromeDriver driver = chromium.driver();
                driver.get(account);
                new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.id(SignInFlow.HF_BUTTON))).click();
                new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("allow")));
                WebElement username = driver.findElement(By.id("username"));
                username.clear();
                username.sendKeys("ada");
                driver.findElement(By.id("allow")).click();
                // The account console's header shows the ID token's picture: Ada's, served by the stand-in.
                awaitAvatarAtTopRight(driver, avatar);

                // The pages as the README shows them: 26.7's account console. Earlier ones lay groups out otherwise
                // (no paths on 26.0-26.5); what the user holds is checked through the admin API below on every version.
                if (KeycloakVersion.atLeast(env.keycloak().version(), 26, 7)) {
                    driver.get(account + "groups");
                    awaitText(driver, "/huggingface/analytical-engines");
                    awaitAvatarAtTopRight(driver, avatar); // what the README says the screenshot shows
                    chromium.screenshot("08-demo-account-groups", Chromium.ReadmeImage.DEMO_ACCOUNT_GROUPS);

                    driver.get(account + "organizations");
                    awaitText(driver, "Analytical Engines"); // the organization is named after the HF display name
                    chromium.screenshot("09-demo-account-organizations", Chromium.ReadmeImage.DEMO_ACCOUNT_ORGANIZATIONS);
                }
            }

            JsonNode ada = env.admin().getJson("/realms/" + realm + "/users?username=ada&exact=true").get(0);
            assertEquals(avatar, ada.path("attributes").path("picture").get(0).asText(), "the avatar mapper's attribute");
            List<String> groups = new ArrayList<>();
            env.admin().getJson("/realms/" + realm + "/users/" + ada.get("id").asText() + "/groups")
                    .forEach(g -> groups.add(g.get("path").asText()));
            assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"), groups.stream().sorted().toList());
            List<String> organizations = new ArrayList<>();
            env.admin().getJson("/realms/" + realm + "/organizations/members/" + ada.get("id").asText() + "/organizations")
                    .forEach(o -> organizations.add(o.get("alias").asText()));
            assertEquals(List.of("analytical-engines", "other-org"), organizations.stream().sorted().toList());
        } finally {
            env.admin().delete("/realms/" + realm);
        }
    }

    /**
     * The image her {@code picture} claim names (the stand-in draws her initial in a circle), loaded, in the
     * header's right half: the account console shows it in place of its default avatar.
     */
    private static void awaitAvatarAtTopRight(ChromeDriver driver, String avatar) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> Boolean.TRUE.equals(
                driver.executeScript("return [...document.images].some(i => i.src === arguments[0]"
                        + " && i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().top < 80"
                        + " && i.getBoundingClientRect().left > window.innerWidth / 2)", avatar)));
    }

    private static void awaitText(ChromeDriver driver, String text) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.tagName("body")).getText().contains(text));
        assertTrue(driver.findElement(By.tagName("body")).getText().contains(text));
    }
}
