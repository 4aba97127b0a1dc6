package dev.hflogin.keycloak.it.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange, parsed once (query, form, headers), with reply helpers that record
 * the request before the reply leaves, so a test never sees a response it cannot count.
 */
final class StandInExchange {

    private static final int MAX_BODY_BYTES = 1 << 20;
    static final String FAULT_NOTE = "fault";

    private final HttpExchange exchange;
    private final RequestLog log;
    private final Instant received = Instant.now();
    private final Map<String, String> query;
    private final Map<String, String> form;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private boolean answered;

    StandInExchange(HttpExchange exchange, RequestLog log) throws IOException {
        this.exchange = exchange;
        this.log = log;
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        this.query = FormCodec.decode(exchange.getRequestURI().getRawQuery());
        String body = readBody(exchange.getRequestBody());
        String contentType = headers.getOrDefault("content-type", "");
        this.form = contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? FormCodec.decode(body) : Map.of();
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    Map<String, String> query() {
        return query;
    }

    Map<String, String> form() {
        return form;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Adds a conclusion to the recorded request (see RecordedRequest#notes). */
    void note(String name, String value) {
        notes.put(name, value);
    }

    /**
     * Marks the recorded request as serving a misbehaviour switched on by a test (canned reply, altered
     * ID token...): security-case tests assert the mark, so a refusal is never credited to a fault
     * that was not served. Several faults in one reply are joined with "; ".
     */
    void fault(String what) {
        notes.merge(FAULT_NOTE, what, (before, added) -> before + "; " + added);
    }

    boolean answered() {
        return answered;
    }

    void json(int status, JsonNode body, Map<String, String> extraHeaders) throws IOException {
        respond(status, "application/json", Json.write(body), extraHeaders);
    }

    void json(int status, JsonNode body) throws IOException {
        json(status, body, Map.of());
    }

    void error(OAuthError error) throws IOException {
        Map<String, String> extra = error.wwwAuthenticate() == null
                ? Map.of() : Map.of("WWW-Authenticate", error.wwwAuthenticate());
        json(error.status(), Json.error(error.error(), error.description()), extra);
    }

    void html(int status, String page) throws IOException {
        respond(status, "text/html; charset=utf-8", page, Map.of());
    }

    void redirect(String location) throws IOException {
        respond(302, null, "", Map.of("Location", location));
    }

    void respond(int status, String contentType, String body, Map<String, String> extraHeaders) throws IOException {
        if (answered) {
            throw new IllegalStateException("already answered " + path());
        }
        answered = true;
        log.add(new RecordedRequest(received, method(), path(), query, form, headers, status, notes));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        extraHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
