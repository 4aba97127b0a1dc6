package dev.hflogin.keycloak.bench;

import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One realm with both brokers side by side: {@code huggingface} (this provider, with an org
 * allow-list and two mappers: it does more) and {@code oidc} (Keycloak's generic OpenID Connect
 * provider configured by hand with the same endpoints, scopes, PKCE and client authentication).
 * Each points at its own instance of the same Hugging Face stand-in, so upstream calls can be
 * counted per provider.
 */
final class BenchmarkRealm {

    static final String SCOPES = "openid profile email read-memberships";
    static final String ORG_ID = "64a0b1c2d3e4f5a6b7c8d9e0";

    private BenchmarkRealm() {
    }

    static TestRealm create(LiveEnvironment.Resources env, HuggingFaceStandIn forHuggingFace, HuggingFaceStandIn forOidc) {
        TestRealm realm = TestRealm.create(env);
        forHuggingFace.registerApp(OAuthApp.confidential("bench-hf", "bench-hf-secret",
                realm.brokerRedirectUri(), SCOPES.split(" ")));
        realm.addHuggingFace("bench-hf", "bench-hf-secret", Map.of(
                "baseUrl", forHuggingFace.baseUrl(),
                "allowedOrganizations", "analytical-engines",
                "syncMode", "IMPORT")).expect(201);
        realm.addMapper("avatar", "huggingface-user-attribute-mapper", Map.of("syncMode", "INHERIT", "jsonField", "picture", "userAttribute", "picture"));
        realm.addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "INHERIT", "parentGroup", "/huggingface"));

        String oidcRedirect = realm.brokerRedirectUri().replace("/broker/huggingface/", "/broker/oidc/");
        forOidc.registerApp(OAuthApp.confidential("bench-oidc", "bench-oidc-secret", oidcRedirect, SCOPES.split(" ")));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clientId", "bench-oidc");
        config.put("clientSecret", "bench-oidc-secret");
        config.put("authorizationUrl", forOidc.authorizationEndpoint());
        config.put("tokenUrl", forOidc.tokenEndpoint());
        config.put("userInfoUrl", forOidc.userInfoEndpoint());
        config.put("jwksUrl", forOidc.jwksUri());
        config.put("issuer", forOidc.issuer());
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
        config.put("clientAuthMethod", "client_secret_basic");
        config.put("defaultScope", SCOPES);
        config.put("syncMode", "IMPORT");
        Map<String, Object> oidc = new LinkedHashMap<>();
        oidc.put("alias", "oidc");
        oidc.put("providerId", "oidc");
        oidc.put("displayName", "Generic OIDC");
        oidc.put("enabled", true);
        oidc.put("config", config);
        env.admin().post("/realms/" + realm.name() + "/identity-provider/instances", oidc).expect(201);
        return realm;
    }

    /** A member of the allowed organization, so the allow-list admits every benchmark user. */
    static HfUser member(String handle) {
        HfUser user = HfUser.withHandle(handle).name("Bench " + handle);
        user.addOrg(HfUser.org(ORG_ID, "Analytical Engines", "analytical-engines").put("roleInOrg", "write"));
        return user;
    }
}
