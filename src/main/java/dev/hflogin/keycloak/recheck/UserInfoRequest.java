package dev.hflogin.keycloak.recheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.util.EntityUtils;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Hugging Face's userinfo for a live access token, over Keycloak's own HTTP client (its timeouts,
 * proxy and trust store apply). Nothing it logs or returns contains the token.
 */
final class UserInfoRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What userinfo answered. */
    sealed interface Answer {
        record Claims(JsonNode claims) implements Answer {
        }

        /** 401/403: HF no longer accepts the token, so the grant behind it is gone. */
        record TokenRefused(int status) implements Answer {
        }

        record Failed(String reason) implements Answer {
        }
    }

    private UserInfoRequest() {
    }

    static Answer send(KeycloakSession session, String userInfoUrl, String accessToken) {
        HttpGet get = new HttpGet(userInfoUrl);
        get.setHeader("Authorization", "Bearer " + accessToken);
        get.setHeader("Accept", "application/json");
        try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient().execute(get)) {
            int status = response.getStatusLine().getStatusCode();
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return answer(status, body);
        } catch (IOException e) {
            return new Answer.Failed(e.getClass().getSimpleName());
        }
    }

    static Answer answer(int status, String body) {
        if (status == 401 || status == 403) {
            return new Answer.TokenRefused(status);
        }
        if (status != 200) {
            return new Answer.Failed("HTTP " + status);
        }
        try {
            JsonNode claims = JSON.readTree(body);
            return claims != null && claims.isObject() ? new Answer.Claims(claims) : new Answer.Failed("HTTP 200, not a JSON object");
        } catch (IOException e) {
            return new Answer.Failed("HTTP 200, not JSON");
        }
    }
}
