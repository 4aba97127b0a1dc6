package dev.hflogin.keycloak.it;

import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;

/**
 * The page a sign-in attempt ended on, as the user saw it; copied out of the browser so it can be
 * checked after the browser is closed.
 *
 * @param message the message Keycloak put in front of the user (error page text or alert), or null
 */
public record EndPage(String url, int status, String contentType, String title, String text, String message) {

    public static EndPage of(HtmlPage page) {
        EndPage end = new EndPage(page.getUrl().toString(), page.getWebResponse().getStatusCode(),
                page.getWebResponse().getContentType(), page.getTitleText(), page.asNormalizedText(), message(page));
        if (!end.inApp()) {
            SecretEchoes.pageSeen(end.url(), page.getWebResponse().getContentAsString()); // scanned at the end of the run
        }
        return end;
    }

    /** Back in the test app: Keycloak let the user in. */
    public boolean inApp() {
        return TestApp.SIGNED_IN_TITLE.equals(title);
    }

    public boolean onKeycloak() {
        return url.startsWith(LiveEnvironment.get().keycloak().baseUrl());
    }

    /** Keycloak's error page keeps its text in #kc-error-message, other pages in an alert or their heading. */
    private static String message(HtmlPage page) {
        DomElement error = page.getElementById("kc-error-message");
        if (error != null) {
            DomElement instruction = error.getFirstElementChild();
            return (instruction != null ? instruction : error).asNormalizedText().trim();
        }
        for (DomElement element : page.getElementsByTagName("span")) {
            if (element.getAttribute("class").contains("kc-feedback-text")) {
                return element.asNormalizedText().trim();
            }
        }
        DomElement heading = page.getElementById("kc-page-title"); // e.g. "Page has expired"
        return heading == null ? null : heading.asNormalizedText().trim();
    }

    @Override
    public String toString() {
        return "EndPage[" + status + " " + url + " '" + title + "']:\n" + text;
    }
}
