package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit checks of the pieces that need no server. */
class SmallPartsTest {

    @Test
    void pkceMatchesTheRfc7636Example() {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.s256(verifier));
        assertTrue(Pkce.matches("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", verifier));
        assertFalse(Pkce.matches("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "too-short"));
    }

    @Test
    void redirectUriRule() {
        Set<String> registered = Set.of("http://localhost:8080/cb", "https://app.example/cb", "http://[::1]:1/cb?x=1");
        assertTrue(RedirectUriRule.allows(registered, "http://localhost:8080/cb"));
        assertTrue(RedirectUriRule.allows(registered, "http://localhost/cb"));
        assertTrue(RedirectUriRule.allows(registered, "http://localhost:1234/cb"));
        assertTrue(RedirectUriRule.allows(registered, "http://[::1]:9/cb?x=1"));
        assertFalse(RedirectUriRule.allows(registered, "http://localhost:1234/cb/"));
        assertFalse(RedirectUriRule.allows(registered, "https://localhost:8080/cb"));
        assertFalse(RedirectUriRule.allows(registered, "https://app.example:444/cb"));
        assertFalse(RedirectUriRule.allows(registered, "https://app.example/cb?extra=1"));
        assertFalse(RedirectUriRule.allows(registered, null));
    }

    @Test
    void launchOptions() {
        LaunchOptions defaults = LaunchOptions.parse(new String[0]);
        assertEquals(8085, defaults.port());
        assertTrue(defaults.app().isEmpty());

        LaunchOptions options = LaunchOptions.parse(new String[] {"--port", "9000", "--client-id", "kc",
            "--client-secret", "s", "--redirect-uri", "http://localhost:8080/cb", "--scopes", "openid profile"});
        assertEquals(9000, options.port());
        OAuthApp app = options.app().orElseThrow();
        assertEquals("s", app.clientSecret());
        assertEquals(Set.of("openid", "profile"), app.scopes());
        assertEquals(9001, LaunchOptions.parse(new String[] {"9001"}).port());
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(new String[] {"--client-id", "x"}));
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(new String[] {"--bogus"}));
    }

    @Test
    void htmlIsEscaped() {
        assertEquals("&lt;b&gt;&amp;&quot;&#39;", HtmlPages.escape("<b>&\"'"));
    }
}
