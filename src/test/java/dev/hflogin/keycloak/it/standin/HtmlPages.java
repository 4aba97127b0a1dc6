package dev.hflogin.keycloak.it.standin;

/** The stand-in's HTML: a sign-in + consent form and an error page, both clearly labelled. */
final class HtmlPages {

    static final String BANNER = "Hugging Face stand-in (local test server, not huggingface.co)";

    static final String DECISION_PATH = "/oauth/authorize/decision";

    private HtmlPages() {
    }

    /**
     * Sign-in and consent in one form: username (id "username"), Allow (id "allow") and
     * Deny (id "deny"); the pending request travels as a hidden id.
     */
    static String consent(String requestId, AuthorizationRequest request, String username, String errorMessage) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Sign in with Hugging Face</h1>\n");
        body.append("<p>The application <strong id=\"client-id\">").append(escape(request.app().clientId()))
                .append("</strong> wants to access your Hugging Face account.</p>\n");
        if (errorMessage != null) {
            body.append("<p id=\"error\" class=\"error\">").append(escape(errorMessage)).append("</p>\n");
        }
        body.append("<h2>Requested scopes</h2>\n<ul id=\"scopes\">\n");
        for (String scope : request.scopes()) {
            body.append("  <li>").append(escape(scope)).append("</li>\n");
        }
        body.append("</ul>\n");
        if (!request.orgIds().isEmpty()) {
            body.append("<h2>Requested organizations</h2>\n")
                    .append("<p>The application also asks for access to these organizations:</p>\n<ul id=\"orgs\">\n");
            for (String orgId : request.orgIds()) {
                body.append("  <li>").append(escape(orgId)).append("</li>\n");
            }
            body.append("</ul>\n");
        }
        body.append("<form method=\"post\" action=\"").append(DECISION_PATH).append("\">\n")
                .append("  <input type=\"hidden\" name=\"request_id\" value=\"").append(escape(requestId)).append("\">\n")
                .append("  <label for=\"username\">Hugging Face username</label>\n")
                .append("  <input type=\"text\" id=\"username\" name=\"username\" value=\"")
                .append(escape(username)).append("\">\n")
                .append("  <button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>\n")
                .append("  <button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button>\n")
                .append("</form>\n");
        return page("Sign in with Hugging Face", body.toString());
    }

    static String error(String message) {
        return page("Authorization error",
                "<h1>Authorization error</h1>\n<p id=\"error\" class=\"error\">" + escape(message) + "</p>\n");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>" + escape(title) + " - " + BANNER + "</title>\n"
                + "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
                + ".banner{background:#ffd21e;padding:.5em;font-weight:bold}.error{color:#b00}</style>\n"
                + "</head>\n<body>\n<div class=\"banner\" id=\"standin-banner\">" + BANNER + "</div>\n"
                + body + "</body>\n</html>\n";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
