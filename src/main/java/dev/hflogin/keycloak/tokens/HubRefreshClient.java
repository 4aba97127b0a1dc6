package dev.hflogin.keycloak.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.HuggingFaceIdentityProviderConfig;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.message.BasicNameValuePair;
import org.apache.http.util.EntityUtils;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.vault.VaultStringSecret;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One refresh-token grant at Hugging Face's token endpoint, with the provider's client
 * authentication, over Keycloak's own HTTP client (its timeouts, proxy and trust store apply).
 * Nothing it logs or returns contains a token.
 */
final class HubRefreshClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final HuggingFaceIdentityProviderConfig config;

    HubRefreshClient(KeycloakSession session, HuggingFaceIdentityProviderConfig config) {
        this.session = session;
        this.config = config;
    }

    RefreshOutcome refresh(String refreshToken) {
        HttpPost post = new HttpPost(config.getTokenUrl());
        List<NameValuePair> form = new ArrayList<>(List.of(
                new BasicNameValuePair("grant_type", "refresh_token"),
                new BasicNameValuePair("refresh_token", refreshToken)));
        try (VaultStringSecret secret = session.vault().getStringSecret(config.getClientSecret())) {
            String clientSecret = secret.get().orElse(config.getClientSecret());
            if (OIDCLoginProtocol.CLIENT_SECRET_POST.equals(config.getClientAuthMethod())) {
                form.add(new BasicNameValuePair("client_id", config.getClientId()));
                form.add(new BasicNameValuePair("client_secret", clientSecret));
            } else {
                post.setHeader("Authorization", "Basic " + basic(config.getClientId(), clientSecret));
            }
        }
        post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        post.setHeader("Accept", "application/json");
        try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient().execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return outcome(status, body);
        } catch (IOException e) {
            return new RefreshOutcome.Unavailable(e.getClass().getSimpleName());
        }
    }

    /**
     * Hugging Face refuses a dead grant (revoked, or unused for months) with {@code invalid_grant}, and
     * has been seen answering one with {@code 401 invalid_client} or an HTML page: all three end the grant.
     * ({@code invalid_client} is also the answer to a wrong client secret, when signing in fails too.)
     */
    static RefreshOutcome outcome(int status, String body) {
        boolean refused = status == 400 || status == 401 || status == 403;
        JsonNode json;
        try {
            json = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isContainerNode()) {
            return refused ? new RefreshOutcome.GrantInvalid() : new RefreshOutcome.Unavailable("HTTP " + status + ", not JSON");
        }
        if (status == 200 && json instanceof ObjectNode object && object.path("access_token").isTextual()) {
            return new RefreshOutcome.Refreshed(object);
        }
        String error = json.path("error").asText(null);
        if ((status == 400 || status == 401) && ("invalid_grant".equals(error) || "invalid_client".equals(error))) {
            return new RefreshOutcome.GrantInvalid();
        }
        return new RefreshOutcome.Unavailable("HTTP " + status + (json != null && json.has("error")
                ? " " + json.path("error").asText() : ""));
    }

    /** RFC 6749 2.3.1: both parts form-encoded before Base64. */
    private static String basic(String clientId, String clientSecret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
