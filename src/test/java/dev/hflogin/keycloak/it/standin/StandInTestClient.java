package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plays the relying party (and the user's browser) against the stand-in, without following redirects. */
final class StandInTestClient {

    static final String CLIENT_ID = "kc-client";
    static final String CLIENT_SECRET = "s3cret:with&odd=chars";
    static final String REDIRECT_URI = "http://localhost:8080/realms/test/broker/huggingface/endpoint";

    private static final Pattern REQUEST_ID = Pattern.compile("name=\"request_id\" value=\"([0-9a-f]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final HuggingFaceStandIn standIn;

    StandInTestClient(HuggingFaceStandIn standIn) {
        this.standIn = standIn;
    }

    /** Authorize params with state, nonce and scope; callers add or remove entries. */
    /** A fresh stand-in with the demo users and the test app registered with these scopes enabled. */
    static HuggingFaceStandIn startWithTestApp(String... scopes) {
        HuggingFaceStandIn standIn = HuggingFaceStandIn.start();
        DemoUsers.addTo(standIn);
        standIn.registerApp(OAuthApp.confidential(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, scopes));
        return standIn;
    }

    static Map<String, String> authorizeParams(String scope) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", CLIENT_ID);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("response_type", "code");
        params.put("scope", scope);
        params.put("state", "state-123");
        params.put("nonce", "nonce-456");
        return params;
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    HttpResponse<String> authorize(Map<String, String> params) throws IOException, InterruptedException {
        return get(FormCodec.appendQuery(standIn.authorizationEndpoint(), params));
    }

    /** Submits the consent form shown by an authorize response. */
    HttpResponse<String> decide(HttpResponse<String> consentPage, String username, String decision)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("request_id", requestId(consentPage.body()));
        form.put("username", username);
        form.put("decision", decision);
        return postForm(standIn.baseUrl() + HtmlPages.DECISION_PATH, form, null);
    }

    /** Authorize, allow as the given user, and return the code from the redirect. */
    String code(Map<String, String> params, String username) throws IOException, InterruptedException {
        HttpResponse<String> page = authorize(params);
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> redirect = decide(page, username, "allow");
        assertEquals(302, redirect.statusCode(), redirect.body());
        Map<String, String> result = redirectParams(redirect);
        assertEquals(params.get("state"), result.get("state"));
        return result.get("code");
    }

    HttpResponse<String> postForm(String url, Map<String, String> form, String basicAuth)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormCodec.encode(form)));
        if (basicAuth != null) {
            request.header("Authorization", basicAuth);
        }
        return send(request.build());
    }

    /** Code exchange with client_secret_basic. */
    HttpResponse<String> redeem(String code, String verifier) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        form.put("code_verifier", verifier);
        return postForm(standIn.tokenEndpoint(), form, basic(CLIENT_ID, CLIENT_SECRET));
    }

    HttpResponse<String> refresh(String refreshToken) throws IOException, InterruptedException {
        return postForm(standIn.tokenEndpoint(),
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), basic(CLIENT_ID, CLIENT_SECRET));
    }

    HttpResponse<String> userInfo(String accessToken) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(standIn.userInfoEndpoint()))
                .header("Authorization", "Bearer " + accessToken).GET().build());
    }

    /** RFC 6749 2.3.1: form-urlencode id and secret, then Base64. */
    static String basic(String clientId, String secret) {
        String pair = FormCodec.encodeComponent(clientId) + ":" + FormCodec.encodeComponent(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> redirectParams(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return FormCodec.decode(URI.create(location).getRawQuery());
    }

    static String requestId(String html) {
        Matcher matcher = REQUEST_ID.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no consent form in: " + html);
        }
        return matcher.group(1);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
