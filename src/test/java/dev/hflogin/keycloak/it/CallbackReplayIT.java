package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.RecordedRequest;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Someone alters or replays what comes back from Hugging Face to Keycloak's broker endpoint: the
 * state that ties the answer to a login attempt, and the authorization code.
 */
@ExtendWith(LiveEnvironment.class)
class CallbackReplayIT {

    @Test
    void givenTheStateAlteredOnTheWayBack_thenTheLoginIsRefusedBeforeTheCodeIsUsed() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        try (Browser browser = new Browser()) {
            URI callback = CallbackCapture.allow(consent(browser, hf), hf.huggingFace(), ada.preferredUsername());
            String state = CallbackCapture.parameter(callback, "state");
            URI tampered = CallbackCapture.withParameter(callback, "state", flipFirstCharacter(state));

            // Keycloak answers with its "page has expired" page and stores no event for it.
            Refusal refusal = Refusal.assertNotLetIn(EndPage.of(browser.open(tampered.toString())), hf.realm(), 0);

            assertEquals(0, hf.requests("/oauth/token").size(), "the code was never sent to Hugging Face");
            SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "state-tampered", "one character of `state` changed",
                    refusal.outcome());
        }
    }

    @Test
    void givenACompletedLoginsCallbackOpenedAgain_thenNoSecondLoginHappens() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        URI callback;
        try (Browser browser = new Browser()) {
            callback = CallbackCapture.allow(consent(browser, hf), hf.huggingFace(), ada.preferredUsername());
            SignInFlow.assertSignedIntoApp(browser.open(callback.toString()));
            hf.realm().clearEvents();

            // Keycloak knows this browser is signed in: it sends it back to the app with an error, never a code.
            EndPage again = EndPage.of(browser.open(callback.toString()));
            URI back = URI.create(again.url());
            assertTrue(again.url().startsWith(LiveEnvironment.get().app().redirectUri()), again.toString());
            assertTrue(back.getQuery().contains("error="), again.url());
            assertFalse(back.getQuery().contains("code="), "no authorization code for the app: " + again.url());
            String event = Refusal.storedErrorEvent(hf.realm());
            assertNotNull(event, "an error event is stored");
            assertEquals(1, hf.realm().users().size());
            SecurityCases.observe("state-replayed-same-browser", "a completed login's callback URL opened again in the signed-in browser",
                    "no new login: back in the app with error="
                    + CallbackCapture.parameter(back, "error") + " (" + CallbackCapture.parameter(back, "error_description")
                    + "), no code (" + event + ")");
        }
        hf.realm().clearEvents();
        try (Browser otherBrowser = new Browser()) {
            Refusal otherBrowserRefusal = Refusal.assertRefused(
                    EndPage.of(otherBrowser.open(callback.toString())), hf.realm(), 1);
            SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "state-replayed-other-browser", "the same URL opened in another browser",
                    otherBrowserRefusal.outcome());
        }
        assertEquals(1, hf.requests("/oauth/token").size(), "the code was exchanged once, by the real login");
    }

    @Test
    void givenAUsedCodeSentBackWithANewLoginsState_thenHuggingFaceRejectsItAndKeycloakRefuses() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        String usedCode;
        try (Browser browser = new Browser()) {
            URI callback = CallbackCapture.allow(consent(browser, hf), hf.huggingFace(), ada.preferredUsername());
            usedCode = CallbackCapture.parameter(callback, "code");
            SignInFlow.assertSignedIntoApp(browser.open(callback.toString()));
        }
        try (Browser browser = new Browser()) {
            URI fresh = CallbackCapture.allow(consent(browser, hf), hf.huggingFace(), ada.preferredUsername());
            URI replay = CallbackCapture.withParameter(fresh, "code", usedCode);

            Refusal refusal = Refusal.assertRefused(EndPage.of(browser.open(replay.toString())), hf.realm(), 1);

            List<RecordedRequest> tokenCalls = hf.requests("/oauth/token");
            assertEquals(2, tokenCalls.size());
            assertEquals(400, tokenCalls.get(1).status(), "Hugging Face refused the used code");
            SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "code-replayed", "an already used code with a new login's `state`",
                    refusal.outcome());
        }
    }

    @Test
    void givenAnotherAttemptsUnusedCodeInjectedIntoThisLogin_thenPkceStopsIt() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        try (Browser victim = new Browser(); Browser attacker = new Browser()) {
            URI victimsCallback = CallbackCapture.allow(consent(victim, hf), hf.huggingFace(), ada.preferredUsername());
            URI attackersCallback = CallbackCapture.allow(consent(attacker, hf), hf.huggingFace(), ada.preferredUsername());
            URI injected = CallbackCapture.withParameter(attackersCallback, "code",
                    CallbackCapture.parameter(victimsCallback, "code"));

            Refusal refusal = Refusal.assertRefused(EndPage.of(attacker.open(injected.toString())), hf.realm(), 0);

            RecordedRequest exchange = hf.requests("/oauth/token").get(0);
            assertEquals(400, exchange.status());
            assertEquals("mismatch", exchange.note("pkce"), "the attacker's login has another code_verifier");
            SecurityCases.observeRefusedByBrowserInput(hf.huggingFace(), "code-injected-pkce", "another attempt's unused code with this login's `state`",
                    refusal.outcome());
        }
    }

    private static HtmlPage consent(Browser browser, HuggingFaceFixture hf) {
        HtmlPage consent = SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm()), hf.huggingFace());
        assertTrue(consent.getElementsByName("request_id").size() == 1, consent.asNormalizedText());
        return consent;
    }

    private static String flipFirstCharacter(String value) {
        char first = value.charAt(0);
        return (first == 'A' ? 'B' : 'A') + value.substring(1);
    }
}
