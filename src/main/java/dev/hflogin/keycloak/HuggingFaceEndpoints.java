package dev.hflogin.keycloak;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hugging Face's OAuth endpoints, all derived from one base URL so that tests, proxies and
 * mirrors only have to change that one value.
 */
public final class HuggingFaceEndpoints {

    public static final String DEFAULT_BASE_URL = "https://huggingface.co";

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private final String issuer;

    private HuggingFaceEndpoints(String issuer) {
        this.issuer = issuer;
    }

    /**
     * @param baseUrl the configured base URL; blank means huggingface.co, trailing slashes are dropped
     * @throws IllegalArgumentException when the value is not an absolute http(s) URL without query
     */
    public static HuggingFaceEndpoints of(String baseUrl) {
        String value = baseUrl == null ? "" : baseUrl.trim();
        if (value.isEmpty()) {
            return new HuggingFaceEndpoints(DEFAULT_BASE_URL);
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Hugging Face base URL is not a URL: " + value, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "Hugging Face base URL must be an absolute http(s) URL without query or fragment: " + value);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            // Plain http would carry the client secret and the user's tokens in clear across a network.
            throw new IllegalArgumentException(
                    "Hugging Face base URL must use https; plain http is accepted only for localhost, 127.0.0.0/8 and [::1]: "
                            + value);
        }
        return new HuggingFaceEndpoints(value);
    }

    /** Loopback by name or literal address only: nothing is resolved, so DNS cannot turn a name into loopback. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || LOOPBACK_V4.matcher(h).matches();
    }

    /** The ID token's {@code iss}: HF uses its base URL. */
    public String issuer() {
        return issuer;
    }

    public String authorization() {
        return issuer + "/oauth/authorize";
    }

    public String token() {
        return issuer + "/oauth/token";
    }

    public String userInfo() {
        return issuer + "/oauth/userinfo";
    }

    public String jwks() {
        return issuer + "/oauth/jwks";
    }
}
