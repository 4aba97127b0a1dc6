package dev.hflogin.keycloak.it.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** GET /.well-known/openid-configuration, describing only what the stand-in implements. */
final class DiscoveryHandler extends StandInHandler {

    static final String PATH = "/.well-known/openid-configuration";
    static final String JWKS_PATH = "/oauth/jwks";

    private final String issuer;

    DiscoveryHandler(RequestLog log, String issuer) {
        super(log, PATH, Set.of("GET"));
        this.issuer = issuer;
    }

    @Override
    void handle(StandInExchange exchange) throws IOException {
        exchange.json(200, document());
    }

    private ObjectNode document() {
        ObjectNode doc = Json.object();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + AuthorizeHandler.PATH);
        doc.put("token_endpoint", issuer + TokenHandler.PATH);
        doc.put("userinfo_endpoint", issuer + UserInfoHandler.PATH);
        doc.put("jwks_uri", issuer + JWKS_PATH);
        array(doc, "response_types_supported", List.of("code"));
        array(doc, "response_modes_supported", List.of("query"));
        array(doc, "grant_types_supported", List.of("authorization_code", "refresh_token"));
        array(doc, "scopes_supported", Scopes.ALL_HF_SCOPES);
        array(doc, "code_challenge_methods_supported", List.of("S256"));
        array(doc, "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        array(doc, "id_token_signing_alg_values_supported", List.of("RS256"));
        array(doc, "subject_types_supported", List.of("public"));
        array(doc, "claims_supported", List.of("sub", "name", "preferred_username", "profile", "picture",
                "website", "email", "email_verified", "isPro", "canPay", "orgs", "nonce", "auth_time"));
        return doc;
    }

    private static void array(ObjectNode doc, String name, List<String> values) {
        ArrayNode array = doc.putArray(name);
        values.forEach(array::add);
    }
}
