package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;

import dev.hflogin.keycloak.it.standin.RecordedRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One test's world: a fresh realm with the Hugging Face provider, the matching OAuth app registered
 * on the stand-in, and Hugging Face users with handles no other test uses.
 */
public final class HuggingFaceFixture {

    public static final String ORG_ENGINES_ID = "64a0b1c2d3e4f5a6b7c8d9e0";
    public static final String ORG_OTHER_ID = "65b1c2d3e4f5a6b7c8d9e0f1";

    private final HuggingFaceStandIn huggingFace;
    private final TestRealm realm;
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String hfClientId = "hf-app-" + suffix;
    private final String hfClientSecret = "hf-secret-" + suffix;

    /** On the stand-in shared by the run's main lane (a waiting-lane test passes the lane's). */
    public HuggingFaceFixture() {
        this(LiveEnvironment.get().huggingFace());
    }

    /** On a stand-in of the test's own, for tests that change its keys (the caller closes it). */
    public HuggingFaceFixture(HuggingFaceStandIn huggingFace) {
        this(LiveEnvironment.get(), huggingFace);
    }

    /** For a test of the waiting lane ({@link OnWaitingLane}): on the lane's stand-in. */
    public static HuggingFaceFixture onWaitingLane() {
        return new HuggingFaceFixture(LiveEnvironment.waitingLaneHuggingFace());
    }

    /** The same, on another Keycloak of the run ({@link OtherKeycloak}). */
    public static HuggingFaceFixture onWaitingLane(LiveEnvironment.Resources env) {
        return new HuggingFaceFixture(env, LiveEnvironment.waitingLaneHuggingFace());
    }

    /** On another Keycloak of the run ({@link OtherKeycloak}), with its stand-in. */
    public HuggingFaceFixture(LiveEnvironment.Resources env) {
        this(env, env.huggingFace());
    }

    private HuggingFaceFixture(LiveEnvironment.Resources env, HuggingFaceStandIn huggingFace) {
        this.realm = TestRealm.create(env);
        this.huggingFace = huggingFace;
        huggingFace.clearRequests(); // a stand-in serves one test at a time: the log then holds this test's calls only
        huggingFace.registerApp(OAuthApp.confidential(hfClientId, hfClientSecret, realm.brokerRedirectUri(),
                "openid", "profile", "email", "read-memberships", "read-repos"));
    }

    public TestRealm realm() {
        return realm;
    }

    public HuggingFaceStandIn huggingFace() {
        return huggingFace;
    }

    public String hfClientId() {
        return hfClientId;
    }

    public String hfClientSecret() {
        return hfClientSecret;
    }

    /** Keycloak's own app on Hugging Face, driven straight against the stand-in (as if Keycloak redeemed the code). */
    public HuggingFaceAppClient keycloaksApp() {
        return new HuggingFaceAppClient(huggingFace, hfClientId, hfClientSecret, realm.brokerRedirectUri());
    }

    /** The stand-in's records of this test's calls to a path (matched on the HF client ID). */
    public List<RecordedRequest> requests(String path) {
        return huggingFace.requests(path).stream().filter(this::isOurs).toList();
    }

    private boolean isOurs(RecordedRequest request) {
        if (hfClientId.equals(request.param("client_id"))) {
            return true;
        }
        String auth = request.header("Authorization");
        if (auth != null && auth.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
            return decoded.startsWith(URLEncoder.encode(hfClientId, StandardCharsets.UTF_8) + ":");
        }
        return false;
    }

    /** Adds the provider the way an operator does: client ID, secret, and the stand-in's URL. */
    public HuggingFaceFixture withProvider(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put("baseUrl", huggingFace.baseUrl());
        realm.addHuggingFace(hfClientId, hfClientSecret, config).expect(201);
        return this;
    }

    /** A handle unique to this test, e.g. {@code ada-1a2b3c}. */
    public String handle(String base) {
        return base + "-" + suffix;
    }

    /** Ada Lovelace: admin of "analytical-engines", member of "other-org", verified email. */
    public HfUser ada() {
        String handle = handle("ada");
        HfUser ada = HfUser.withHandle(handle)
                .name("Ada Lovelace")
                .email(handle + "@example.com")
                .emailVerified(true)
                .isPro(true)
                .website("https://ada.dev");
        ada.addOrg(HfUser.org(ORG_ENGINES_ID, "Analytical Engines", "analytical-engines")
                .put("plan", "enterprise").put("roleInOrg", "admin"));
        ada.addOrg(HfUser.org(ORG_OTHER_ID, "Other Org", "other-org"));
        huggingFace.addUser(ada);
        return ada;
    }

    /** A user in no organization the tests allow. */
    public HfUser outsider() {
        HfUser user = HfUser.withHandle(handle("bob")).name("Bob Outsider");
        user.addOrg(HfUser.org("66c1c2d3e4f5a6b7c8d9e0f2", "Elsewhere", "elsewhere"));
        huggingFace.addUser(user);
        return user;
    }

    /** A user for whom Hugging Face sends no {@code orgs} claim at all. */
    public HfUser withoutOrgs() {
        HfUser user = HfUser.withHandle(handle("carol")).name("Carol").withoutOrgsClaim();
        huggingFace.addUser(user);
        return user;
    }
}
