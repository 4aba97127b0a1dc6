package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;

import java.net.URI;
import java.net.URLDecoder;
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
import java.util.stream.Collectors;

import static dev.hflogin.keycloak.it.AdminClient.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The back end of an OAuth app registered on Hugging Face, talking to the stand-in straight over
 * HTTP (no Keycloak in between): the user allows the app and the app redeems the code. Gives a test
 * the Hugging Face tokens that app holds for a user. Redirects are not followed: the code is read
 * from the Location header, so the redirect URI need not answer.
 */
public final class HuggingFaceAppClient {

    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");
    private static final Pattern REQUEST_ID = Pattern.compile("name=\"request_id\" value=\"([0-9a-f]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final HuggingFaceStandIn huggingFace;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;

    public HuggingFaceAppClient(HuggingFaceStandIn huggingFace, String clientId, String clientSecret, String redirectUri) {
        this.huggingFace = huggingFace;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /** The user allows the app the given scopes; returns the token response (access_token, id_token, ...). */
    public JsonNode tokensFor(String handle, String scope) {
        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("client_id", clientId);
        authorize.put("redirect_uri", redirectUri);
        authorize.put("response_type", "code");
        authorize.put("scope", scope);
        authorize.put("state", "app-state");
        authorize.put("nonce", "app-nonce");
        HttpResponse<String> consent = SignInFlow.send(HttpRequest.newBuilder(
                URI.create(huggingFace.authorizationEndpoint() + "?" + form(authorize))).GET(), http);
        assertEquals(200, consent.statusCode(), "Hugging Face shows the consent page: " + consent.body());

        Map<String, String> decision = Map.of("request_id", find(REQUEST_ID, consent.body()),
                "username", handle, "decision", "allow");
        HttpResponse<String> redirect = SignInFlow.send(post(huggingFace.baseUrl() + find(FORM_ACTION, consent.body()),
                decision, null), http);
        assertEquals(302, redirect.statusCode(), "Hugging Face sends the user back to the app: " + redirect.body());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String code = queryParameter(location, "code");

        HttpResponse<String> tokens = SignInFlow.send(post(huggingFace.tokenEndpoint(),
                Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri),
                basic(clientId, clientSecret)), http);
        assertEquals(200, tokens.statusCode(), "Hugging Face redeems the app's code: " + tokens.body());
        return SignInFlow.json(tokens.body());
    }

    private static HttpRequest.Builder post(String url, Map<String, String> fields, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** RFC 6749 2.3.1: form-encode ID and secret, then Base64. */
    private static String basic(String id, String secret) {
        String pair = encode(id) + ":" + encode(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryParameter(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("not a consent page: " + html);
        }
        return matcher.group(1);
    }
}
