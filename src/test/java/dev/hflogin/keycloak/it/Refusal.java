package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What "refused" means here: the user is not let in and reads a message on a Keycloak page (not raw
 * JSON, not a stack trace), an error event is stored for the operator, and no account appeared.
 *
 * @param message   what the user reads
 * @param eventType the stored error event's type and error, or null when Keycloak stored none
 */
public record Refusal(String message, String eventType) {

    /** Keycloak uses the first for failures inside the broker, the second for failures of the login itself. */
    private static final List<String> ERROR_EVENTS = List.of("IDENTITY_PROVIDER_LOGIN_ERROR", "LOGIN_ERROR");

    /** @param expectedUsers how many users the realm must still have (those that existed before) */
    public static Refusal assertRefused(EndPage page, TestRealm realm, int expectedUsers) {
        Refusal refusal = assertNotLetIn(page, realm, expectedUsers);
        assertNotNull(refusal.eventType(), "an error event is stored for the operator");
        return refusal;
    }

    /** The same, but without requiring an error event: for the refusals Keycloak does not record. */
    public static Refusal assertNotLetIn(EndPage page, TestRealm realm, int expectedUsers) {
        assertFalse(page.inApp(), "the attempt must not sign in: " + page);
        assertTrue(page.onKeycloak(), "the attempt must end on a Keycloak page: " + page);
        assertTrue(page.contentType().startsWith("text/html"), "an HTML page, not " + page.contentType());
        assertNotNull(page.message(), "Keycloak shows the user a message: " + page);
        assertFalse(page.message().isBlank(), "the message is not empty: " + page);
        assertFalse(page.text().contains("Exception") || page.text().contains("\tat "), "no stack trace: " + page);
        String eventType = storedErrorEvent(realm);
        assertNoTokenInErrorEvents(realm);
        List<JsonNode> users = realm.users();
        assertEquals(expectedUsers, users.size(), "no user was created: " + users);
        return new Refusal(page.message(), eventType);
    }

    /** Error events tell the admin what failed without a token: no JWT ({@code eyJ...}) and no HF access token. */
    private static void assertNoTokenInErrorEvents(TestRealm realm) {
        for (String type : ERROR_EVENTS) {
            for (JsonNode event : realm.events(type)) {
                String details = event.path("details").toString();
                assertFalse(details.contains("eyJ") || details.contains("hf_oauth_"), "an event echoes a token: " + event);
            }
        }
    }

    /**
     * The provider's event details that tell the admin which check failed: the check, and the OAuth error
     * Hugging Face sent (the values are fixed words, never a token or a claim).
     */
    private static final List<String> CHECK_DETAILS = List.of("reason", "huggingface_error");

    /**
     * The type of the error event stored in the realm, with its error code and the details that name the
     * failed check (e.g. {@code IDENTITY_PROVIDER_LOGIN_ERROR identity_provider_login_failure, reason:
     * id_token_signature}), or null when there is none.
     */
    public static String storedErrorEvent(TestRealm realm) {
        for (String type : ERROR_EVENTS) {
            List<JsonNode> events = realm.events(type);
            if (!events.isEmpty()) {
                JsonNode event = events.get(0);
                StringBuilder described = new StringBuilder(type + " " + event.path("error").asText());
                for (String detail : CHECK_DETAILS) {
                    if (event.path("details").hasNonNull(detail)) {
                        described.append(", ").append(detail).append(": ").append(event.path("details").path(detail).asText());
                    }
                }
                return described.toString();
            }
        }
        return null;
    }

    /** The wording used in docs/security-cases.md. */
    public String outcome() {
        return "refused: \"" + message + "\" (" + (eventType == null ? "no error event stored" : eventType) + ")";
    }
}
