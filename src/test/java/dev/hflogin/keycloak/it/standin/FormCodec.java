package dev.hflogin.keycloak.it.standin;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** application/x-www-form-urlencoded encoding and decoding (query strings and form bodies). */
final class FormCodec {

    private FormCodec() {
    }

    /** Parses "a=1&b=2"; a repeated name keeps its first value, like most OAuth servers. */
    static Map<String, String> decode(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeComponent(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeComponent(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    static String decodeComponent(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static String encodeComponent(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Encodes the non-null entries of a map as a form/query string. */
    static String encode(Map<String, String> params) {
        StringJoiner joiner = new StringJoiner("&");
        params.forEach((name, value) -> {
            if (value != null) {
                joiner.add(encodeComponent(name) + "=" + encodeComponent(value));
            }
        });
        return joiner.toString();
    }

    /** Appends query parameters to a redirect URI that may already carry a query. */
    static String appendQuery(String uri, Map<String, String> params) {
        String query = encode(params);
        if (query.isEmpty()) {
            return uri;
        }
        return uri + (uri.contains("?") ? "&" : "?") + query;
    }
}
