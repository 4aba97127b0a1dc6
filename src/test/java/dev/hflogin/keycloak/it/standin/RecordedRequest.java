package dev.hflogin.keycloak.it.standin;

import java.time.Instant;
import java.util.Map;

/**
 * One request the stand-in answered, as a test sees it afterwards.
 *
 * @param query   query parameters (first value of each name)
 * @param form    form body parameters, empty unless the body was form-encoded
 * @param headers request headers, names in lower case (first value of each)
 * @param status  HTTP status the stand-in answered with
 * @param notes   what the stand-in concluded, e.g. "client_auth" = "client_secret_basic",
 *                "pkce" = "verified" | "mismatch" | "not_used", "canned" = "true",
 *                "user" = the sub of the user whose grant a token or userinfo request used,
 *                "fault" = what misbehaviour this reply served, e.g. "canned reply 503" (see {@link #fault()})
 */
public record RecordedRequest(
        Instant timestamp,
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> form,
        Map<String, String> headers,
        int status,
        Map<String, String> notes) {

    /** The note naming whose grant a token or userinfo request used (the user's sub), so a test can count calls per user. */
    public static final String USER_NOTE = "user";

    public RecordedRequest {
        query = Map.copyOf(query);
        form = Map.copyOf(form);
        headers = Map.copyOf(headers);
        notes = Map.copyOf(notes);
    }

    /** Header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** A query parameter, else a form parameter, else null. */
    public String param(String name) {
        String value = query.get(name);
        return value != null ? value : form.get(name);
    }

    public String note(String name) {
        return notes.get(name);
    }

    /** The misbehaviour a test switched on that this reply served, or null for an honest reply. */
    public String fault() {
        return notes.get(StandInExchange.FAULT_NOTE);
    }
}
