package dev.hflogin.keycloak.bench;

import dev.hflogin.keycloak.it.HttpLoginFlow;
import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One realm with both brokers side by side, doing the same mapping work: {@code huggingface} (this
 * provider, with an org allow-list, and two "Hugging Face claim to user attribute" mappers) and
 * {@code oidc} (Keycloak's generic OpenID Connect provider configured by hand with the same endpoints,
 * scopes, PKCE and client authentication, and two of Keycloak's own Attribute Importer mappers for the
 * same claims: {@code picture → picture}, {@code profile → profileUrl}). Both in sync mode FORCE (or
 * {@code -Dbench.syncMode}), so returning logins run the mappers (and this provider's username sync) too. Each points at its own
 * instance of the same Hugging Face stand-in, so upstream calls can be counted per provider.
 */
final class BenchmarkRealm {

    static final String SCOPES = "openid profile email read-memberships";
    static final String ORG_ID = "64a0b1c2d3e4f5a6b7c8d9e0";
    static final List<String> PROVIDERS = List.of("huggingface", "oidc");
    /** A sign-in through each provider's button on Keycloak's login page, 30 s per request. */
    static final Map<String, HttpLoginFlow> LOGIN_FLOWS = Map.of(
            "huggingface", new HttpLoginFlow("social-huggingface", Duration.ofSeconds(30)),
            "oidc", new HttpLoginFlow("social-oidc", Duration.ofSeconds(30)));
    /** The HF provider's organization allow-list ({@code -Dbench.allowList=} for none). */
    static final String ALLOW_LIST = System.getProperty("bench.allowList", "analytical-engines");
    /** FORCE by default: the mappers (and this provider's username sync) run at returning logins too. */
    static final String SYNC_MODE = System.getProperty("bench.syncMode", "FORCE");
    /** Claim → user attribute, mapped on both providers, each with its own kind of mapper. */
    static final Map<String, String> MAPPED_CLAIMS = Map.of("picture", "picture", "profile", "profileUrl");

    private BenchmarkRealm() {
    }

    static TestRealm create(LiveEnvironment.Resources env, HuggingFaceStandIn forHuggingFace, HuggingFaceStandIn forOidc) {
        TestRealm realm = TestRealm.create(env);
        forHuggingFace.registerApp(OAuthApp.confidential("bench-hf", "bench-hf-secret",
                realm.brokerRedirectUri(), SCOPES.split(" ")));
        realm.addHuggingFace("bench-hf", "bench-hf-secret", Map.of(
                "baseUrl", forHuggingFace.baseUrl(),
                "allowedOrganizations", ALLOW_LIST,
                "syncMode", SYNC_MODE)).expect(201);
        MAPPED_CLAIMS.forEach((claim, attribute) -> realm.addMapper(claim, "huggingface-user-attribute-mapper",
                Map.of("syncMode", "INHERIT", "jsonField", claim, "userAttribute", attribute)));

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
        config.put("syncMode", SYNC_MODE);
        Map<String, Object> oidc = new LinkedHashMap<>();
        oidc.put("alias", "oidc");
        oidc.put("providerId", "oidc");
        oidc.put("displayName", "Generic OIDC");
        oidc.put("enabled", true);
        oidc.put("config", config);
        env.admin().post("/realms/" + realm.name() + "/identity-provider/instances", oidc).expect(201);
        MAPPED_CLAIMS.forEach((claim, attribute) -> {
            Map<String, Object> mapper = new LinkedHashMap<>();
            mapper.put("name", claim);
            mapper.put("identityProviderAlias", "oidc");
            mapper.put("identityProviderMapper", "oidc-user-attribute-idp-mapper"); // Keycloak's Attribute Importer
            mapper.put("config", Map.of("syncMode", "INHERIT", "claim", claim, "user.attribute", attribute));
            env.admin().post("/realms/" + realm.name() + "/identity-provider/instances/oidc/mappers", mapper).expect(201);
        });
        return realm;
    }

    /** A member of the allowed organization, so the allow-list admits every benchmark user. */
    static HfUser member(String handle) {
        HfUser user = HfUser.withHandle(handle).name("Bench " + handle);
        user.addOrg(HfUser.org(ORG_ID, "Analytical Engines", "analytical-engines").put("roleInOrg", "write"));
        return user;
    }
}
