package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.hflogin.keycloak.it.AdminClient.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Allows the app on the stand-in's consent page but keeps the redirect back to Keycloak instead of
 * following it: the callback URL (code and state) an attacker would try to replay or alter.
 */
public final class CallbackCapture {

    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private CallbackCapture() {
    }

    /** The broker callback URL Hugging Face would send the browser to; nothing is sent to Keycloak. */
    public static URI allow(HtmlPage consent, HuggingFaceStandIn huggingFace, String handle) {
        String requestId = ((HtmlInput) consent.getElementsByName("request_id").get(0)).getValue();
        String form = "request_id=" + encode(requestId) + "&username=" + encode(handle) + "&decision=allow";
        HttpResponse<String> response = SignInFlow.send(HttpRequest.newBuilder(
                        URI.create(huggingFace.baseUrl() + "/oauth/authorize/decision"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), NO_REDIRECTS);
        assertEquals(302, response.statusCode(), response.body());
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    /** The same URL with one query parameter's value replaced. */
    public static URI withParameter(URI url, String name, String value) {
        StringBuilder query = new StringBuilder();
        for (String pair : url.getRawQuery().split("&")) {
            String key = pair.substring(0, pair.indexOf('='));
            query.append(query.isEmpty() ? "" : "&").append(key).append('=')
                    .append(key.equals(name) ? encode(value) : pair.substring(pair.indexOf('=') + 1));
        }
        return URI.create(url.toString().substring(0, url.toString().indexOf('?') + 1) + query);
    }

    public static String parameter(URI url, String name) {
        for (String pair : url.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }
}
