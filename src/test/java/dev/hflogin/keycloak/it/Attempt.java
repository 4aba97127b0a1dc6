package dev.hflogin.keycloak.it;

import org.htmlunit.html.HtmlPage;

import java.time.Duration;

/**
 * One sign-in attempt in a fresh browser: the app sends the user to Keycloak, the user picks
 * Hugging Face and allows the app; ends wherever the redirects end.
 *
 * @param afterConsent from clicking Allow on Hugging Face to the page the user ends on: the part
 *                     in which Keycloak talks to Hugging Face
 */
public record Attempt(EndPage end, Duration afterConsent) {

    public static Attempt signIn(HuggingFaceFixture hf, String handle) {
        try (Browser browser = new Browser()) {
            HtmlPage consent = SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm()), hf.huggingFace());
            long started = System.nanoTime();
            HtmlPage end = SignInFlow.allowAs(consent, handle);
            return new Attempt(EndPage.of(end), Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
