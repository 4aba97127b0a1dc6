package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import org.htmlunit.html.HtmlPage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static dev.hflogin.keycloak.it.AdminClient.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The steps of "Sign in with Hugging Face" as a user clicks them, and the app's code exchange. */
public final class SignInFlow {

    /** The button Keycloak's login page shows for the provider alias. */
    public static final String HF_BUTTON = "social-" + TestRealm.IDP_ALIAS;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SignInFlow() {
    }

    /** The app sends the browser to Keycloak; returns Keycloak's login page. */
    public static HtmlPage openAppLogin(Browser browser, TestRealm realm) {
        return openAppLogin(browser, realm, LiveEnvironment.get().app());
    }

    /** The same, for an app of a Keycloak the test started itself. */
    public static HtmlPage openAppLogin(Browser browser, TestRealm realm, TestApp app) {
        HtmlPage login = browser.open(realm.authorizationUrl(app.redirectUri()));
        assertTrue(login.getElementById(HF_BUTTON) != null,
                "Keycloak's login page has no Hugging Face button: " + login.asNormalizedText());
        return login;
    }

    /** Clicks "Hugging Face" on Keycloak's page; returns the shared stand-in's sign-in/consent page. */
    public static HtmlPage clickHuggingFace(HtmlPage keycloakLogin) {
        return clickHuggingFace(keycloakLogin, LiveEnvironment.get().huggingFace());
    }

    /** The same, for a realm whose provider points at another stand-in. */
    public static HtmlPage clickHuggingFace(HtmlPage keycloakLogin, HuggingFaceStandIn huggingFace) {
        HtmlPage consent = Browser.click(keycloakLogin, HF_BUTTON);
        assertTrue(consent.getUrl().toString().startsWith(huggingFace.baseUrl() + "/oauth/authorize"),
                "expected Hugging Face's authorize page, got " + consent.getUrl() + ": " + consent.asNormalizedText());
        return consent;
    }

    /** Signs in on the stand-in as the given HF handle and allows the app; returns where the redirects end. */
    public static HtmlPage allowAs(HtmlPage consent, String handle) {
        Browser.type(consent, "username", handle);
        return Browser.click(consent, "allow");
    }

    public static HtmlPage deny(HtmlPage consent) {
        return Browser.click(consent, "deny");
    }

    /** The whole happy path, ending on the app's page. */
    public static HtmlPage signIn(Browser browser, TestRealm realm, String handle) {
        return signIn(browser, realm, LiveEnvironment.get().app(), LiveEnvironment.get().huggingFace(), handle);
    }

    /** The whole happy path on a fixture's realm and stand-in (a waiting-lane test's), ending on the app's page. */
    public static HtmlPage signIn(Browser browser, HuggingFaceFixture hf, String handle) {
        return signIn(browser, hf.realm(), LiveEnvironment.get().app(), hf.huggingFace(), handle);
    }

    /** The whole happy path against a Keycloak, stand-in and app the test started itself. */
    public static HtmlPage signIn(Browser browser, TestRealm realm, TestApp app, HuggingFaceStandIn huggingFace, String handle) {
        HtmlPage end = allowAs(clickHuggingFace(openAppLogin(browser, realm, app), huggingFace), handle);
        assertSignedIntoApp(end);
        return end;
    }

    public static void assertSignedIntoApp(HtmlPage page) {
        assertEquals(TestApp.SIGNED_IN_TITLE, page.getTitleText(),
                "expected to be back in the app, but the browser is at " + page.getUrl() + ":\n" + page.asNormalizedText());
    }

    /** The app's back end exchanges the code from its callback URL at Keycloak's token endpoint. */
    public static JsonNode exchangeCode(TestRealm realm, HtmlPage appCallback) {
        String code = Browser.queryParameter(appCallback, "code").orElseThrow(() -> new AssertionError("no code in " + appCallback.getUrl()));
        String form = "grant_type=authorization_code&code=" + encode(code)
                + "&redirect_uri=" + encode(LiveEnvironment.get().app().redirectUri())
                + "&client_id=" + TestRealm.CLIENT_ID + "&client_secret=" + TestRealm.CLIENT_SECRET;
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realm.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    /** The claims of a JWT, unverified (Keycloak issued it to us over loopback). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HTTP);
    }

    public static HttpResponse<String> send(HttpRequest.Builder request, HttpClient client) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return AdminClient.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
