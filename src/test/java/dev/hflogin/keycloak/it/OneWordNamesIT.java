package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.demo.DemoRealm;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hugging Face has one name string, often a single word (the handle, or a Chinese name written
 * without a space), sometimes none: it can never supply a last name. The README's realms (the run
 * command's and the compose file's, one realm file) sign such users in with one click; on a realm
 * with Keycloak's default user profile, which requires a last name, the form Keycloak shows is
 * prefilled with everything HF gave.
 */
@ExtendWith(LiveEnvironment.class)
class OneWordNamesIT {

    @Test
    void givenTheReadmesRealm_whenUsersWithAOneWordOrEmptyNameSignIn_thenOneClickIsEnough() {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        String name = "oneword-" + UUID.randomUUID().toString().substring(0, 6);
        String clientId = "oneword-app-" + name;
        env.huggingFace().registerApp(OAuthApp.confidential(clientId, "oneword-secret",
                env.keycloak().baseUrl() + "/realms/" + name + "/broker/huggingface/endpoint",
                "openid", "profile", "email", "read-memberships"));
        new DemoRealm(env.admin(), name).create(clientId, "oneword-secret", env.huggingFace().baseUrl());
        String suffix = name.substring(name.length() - 6);
        List<HfUser> users = List.of(
                env.huggingFace().addUser(HfUser.withHandle("madonna-" + suffix).name("Madonna").email("madonna-" + suffix + "@example.com")),
                env.huggingFace().addUser(HfUser.withHandle("li-" + suffix).name("李小龍").email("li-" + suffix + "@example.com")),
                env.huggingFace().addUser(HfUser.withHandle("noname-" + suffix).name(null).email("noname-" + suffix + "@example.com")));

        for (HfUser user : users) {
            try (Browser browser = new Browser()) {
                HtmlPage login = browser.open(env.keycloak().baseUrl() + "/realms/" + name
                        + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid"
                        + "&redirect_uri=" + AdminClient.encode(env.keycloak().baseUrl() + "/realms/" + name + "/account/")
                        + "&code_challenge=" + "x".repeat(43) + "&code_challenge_method=S256");
                HtmlPage end = SignInFlow.allowAs(Browser.click(login, SignInFlow.HF_BUTTON), user.preferredUsername());
                assertTrue(Browser.queryParameter(end, "code").isPresent(),
                        user.name() + ": signed in with one click, no form: " + end.asNormalizedText());
            }
        }
        JsonNode madonna = env.admin().getJson("/realms/" + name + "/users?exact=true&username=" + users.get(0).preferredUsername()).get(0);
        assertEquals("Madonna", madonna.path("firstName").asText());
        assertTrue(madonna.path("lastName").asText("").isEmpty());
        JsonNode li = env.admin().getJson("/realms/" + name + "/users?exact=true&username=" + users.get(1).preferredUsername()).get(0);
        assertEquals("李小龍", li.path("firstName").asText(), "a CJK name without a space stays whole");
    }

    @Test
    void givenKeycloaksDefaultProfile_whenAOneWordNameSignsIn_thenTheFormIsPrefilledWithWhatHuggingFaceGave() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser madonna = hf.huggingFace().addUser(HfUser.withHandle(hf.handle("madonna")).name("Madonna")
                .email(hf.handle("madonna") + "@example.com"));
        try (Browser browser = new Browser()) {
            HtmlPage form = SignInFlow.allowAs(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm())),
                    madonna.preferredUsername());
            assertEquals("Madonna", ((HtmlInput) form.getElementById("firstName")).getValue(), form.asNormalizedText());
            assertEquals(madonna.email(), ((HtmlInput) form.getElementById("email")).getValue());
            assertEquals("", ((HtmlInput) form.getElementById("lastName")).getValue(), "Hugging Face has no last name");
        }
    }
}
