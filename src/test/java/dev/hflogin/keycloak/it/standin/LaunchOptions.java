package dev.hflogin.keycloak.it.standin;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Command line of {@link HuggingFaceStandIn#main}. */
record LaunchOptions(int port, Optional<OAuthApp> app) {

    static final int DEFAULT_PORT = 8085;
    static final String DEFAULT_SCOPES = "openid profile email read-billing read-memberships";
    static final String USAGE = "usage: HuggingFaceStandIn [PORT | --port PORT] [--client-id ID"
            + " [--client-secret SECRET] --redirect-uri URI [--redirect-uri URI ...] [--scopes \"" + DEFAULT_SCOPES + "\"]]";

    static LaunchOptions parse(String[] args) {
        int port = DEFAULT_PORT;
        String clientId = null;
        String clientSecret = null;
        String scopes = DEFAULT_SCOPES;
        Set<String> redirectUris = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = parsePort(value(args, ++i, arg));
                case "--client-id" -> clientId = value(args, ++i, arg);
                case "--client-secret" -> clientSecret = value(args, ++i, arg);
                case "--redirect-uri" -> redirectUris.add(value(args, ++i, arg));
                case "--scopes" -> scopes = value(args, ++i, arg);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    port = parsePort(arg);
                }
            }
        }
        if (clientId == null) {
            if (clientSecret != null || !redirectUris.isEmpty()) {
                throw new IllegalArgumentException("--client-secret and --redirect-uri need --client-id");
            }
            return new LaunchOptions(port, Optional.empty());
        }
        if (redirectUris.isEmpty()) {
            throw new IllegalArgumentException("--client-id needs at least one --redirect-uri");
        }
        return new LaunchOptions(port, Optional.of(new OAuthApp(clientId, clientSecret, redirectUris, Scopes.parse(scopes))));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + text);
        }
    }
}
