package dev.hflogin.keycloak.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The cookie jar and the HTML reading behind {@link HttpLoginFlow}, without a server. */
class HttpLoginFlowPartsTest {

    private static final URI KEYCLOAK = URI.create("http://127.0.0.1:8080/realms/demo/protocol/openid-connect/auth");

    @Test
    void givenKeycloaksSecureCookiesOnLoopback_thenTheyAreSentBackAsABrowserWould() {
        LoopbackCookieJar jar = new LoopbackCookieJar();
        jar.store(KEYCLOAK, List.of(
                "AUTH_SESSION_ID=abc; Version=1; Path=/realms/demo/; SameSite=None; Secure; HttpOnly",
                "KC_RESTART=xyz; Version=1; Path=/realms/demo/; HttpOnly"));

        assertEquals("AUTH_SESSION_ID=abc; KC_RESTART=xyz",
                jar.header(URI.create("http://127.0.0.1:8080/realms/demo/broker/huggingface/endpoint")));
        assertEquals("AUTH_SESSION_ID=abc; KC_RESTART=xyz", jar.header(URI.create("http://127.0.0.1:9999/realms/demo/")),
                "cookies do not depend on the port");
        assertNull(jar.header(URI.create("http://127.0.0.1:8080/realms/other/")), "another path");
        assertNull(jar.header(URI.create("http://127.0.0.1:8080/realms/demox")), "a path that only starts alike");
    }

    @Test
    void givenMaxAgeZero_thenTheCookieIsGone() {
        LoopbackCookieJar jar = new LoopbackCookieJar();
        jar.store(KEYCLOAK, List.of("KC_RESTART=xyz; Path=/realms/demo/"));
        jar.store(KEYCLOAK, List.of("KC_RESTART=; Max-Age=0; Path=/realms/demo/"));
        assertNull(jar.header(KEYCLOAK));
    }

    @Test
    void givenASecureCookieFromAnotherHost_thenItIsNotSentOverPlainHttp() {
        LoopbackCookieJar jar = new LoopbackCookieJar();
        jar.store(URI.create("https://sso.example.com/"), List.of("S=1; Path=/; Secure"));
        assertEquals("S=1", jar.header(URI.create("https://sso.example.com/x")));
        assertNull(jar.header(URI.create("http://sso.example.com/x")));
    }

    @Test
    void givenKeycloaksLoginPageAndTheConsentForm_thenTheLinkFieldAndActionAreRead() {
        String login = "<a id=\"social-huggingface\" class=\"pf-c-button\" type=\"button\" "
                + "href=\"/realms/demo/broker/huggingface/login?client_id=app&amp;tab_id=t1&amp;session_code=c\">";
        assertEquals(Optional.of("/realms/demo/broker/huggingface/login?client_id=app&tab_id=t1&session_code=c"),
                HtmlScraper.attributeOfId(login, "social-huggingface", "href"));
        String consent = "<title>Sign in &amp; allow</title><form method=\"post\" action=\"/oauth/authorize/decision\">"
                + "<input type=\"hidden\" name=\"request_id\" value=\"4f2a\"><input name='username' value='ada'>";
        assertEquals(Optional.of("4f2a"), HtmlScraper.inputValue(consent, "request_id"));
        assertEquals(Optional.of("ada"), HtmlScraper.inputValue(consent, "username"));
        assertEquals(Optional.of("/oauth/authorize/decision"), HtmlScraper.formAction(consent));
        assertEquals("Sign in & allow", HtmlScraper.title(consent));
        assertEquals(Optional.empty(), HtmlScraper.inputValue(consent, "password"));
        assertEquals("é'", HtmlScraper.decode("&#233;&#x27;"));
    }
}
