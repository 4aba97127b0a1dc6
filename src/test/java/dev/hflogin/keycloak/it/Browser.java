package dev.hflogin.keycloak.it;

import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;

/**
 * A user's browser (HtmlUnit, no JavaScript: Keycloak's login pages and the stand-in's pages work
 * without it). Follows redirects like a browser and keeps cookies as Chrome does on loopback.
 */
public final class Browser implements AutoCloseable {

    private final WebClient client = new WebClient(BrowserVersion.CHROME);

    public Browser() {
        client.setCookieManager(new LoopbackCookieManager());
        client.getOptions().setJavaScriptEnabled(false);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setTimeout(30_000);
        // The JVM's trust, like Java's HttpClient: with Keycloak in a container, that is the stand-in's
        // certificate of this run (StandInCertificate.trustInThisJvm).
        try {
            client.getOptions().setSSLContext(SSLContext.getDefault());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a URL and returns the page the redirects end on. */
    public HtmlPage open(String url) {
        try {
            return asHtml(client.getPage(url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Clicks without following the redirect the click causes and returns its target, so a test can
     * deliver it elsewhere (to another cluster node) or tamper with it.
     */
    public String clickForRedirect(HtmlPage page, String elementId) {
        client.getOptions().setRedirectEnabled(false);
        try {
            Page response = page.getHtmlElementById(elementId).click();
            String location = response.getWebResponse().getResponseHeaderValue("Location");
            if (location == null) {
                throw new AssertionError("expected a redirect from " + elementId + " but got "
                        + response.getWebResponse().getStatusCode() + ": " + response.getWebResponse().getContentAsString());
            }
            return location;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            client.getOptions().setRedirectEnabled(true);
        }
    }

    public static HtmlPage click(HtmlPage page, String elementId) {
        HtmlElement element = page.getHtmlElementById(elementId);
        try {
            return asHtml(element.click());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void type(HtmlPage page, String elementId, String value) {
        ((HtmlInput) page.getHtmlElementById(elementId)).setValue(value);
    }

    public static Optional<String> queryParameter(HtmlPage page, String name) {
        String query = URI.create(page.getUrl().toString()).getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static HtmlPage asHtml(Page page) {
        if (page instanceof HtmlPage html) {
            return html;
        }
        throw new AssertionError("expected an HTML page at " + page.getUrl() + " but got "
                + page.getWebResponse().getContentType() + " (" + page.getWebResponse().getStatusCode() + "): "
                + page.getWebResponse().getContentAsString());
    }

    @Override
    public void close() {
        client.close();
    }
}
