package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.SigningMode;
import dev.hflogin.keycloak.refusals.FailedCheck;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.hflogin.keycloak.it.SignInFlow.assertSignedIntoApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user signs in with Hugging Face through a browser; a real Keycloak does the rest. */
@ExtendWith(LiveEnvironment.class)
class HuggingFaceLoginIT {

    @Test
    void givenNewHuggingFaceUser_whenSigningIn_thenTheAppHasASessionAndTheUserIsFullyMapped() {
        // The org ID in the allow-list makes Keycloak request read-memberships and orgIds, so HF reveals
        // Ada's organizations and her role in the requested one.
        HuggingFaceFixture hf = new HuggingFaceFixture()
                .withProvider(Map.of("trustEmail", true, "allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID));
        TestRealm realm = hf.realm();
        realm.createRealmRole("hf-engineers");
        realm.addMapper("avatar", "huggingface-user-attribute-mapper", Map.of("syncMode", "INHERIT", "jsonField", "picture", "userAttribute", "picture"));
        realm.addMapper("pro", "huggingface-user-attribute-mapper", Map.of("syncMode", "INHERIT", "jsonField", "isPro", "userAttribute", "hf_is_pro"));
        realm.addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "INHERIT", "parentGroup", "/huggingface"));
        realm.addMapper("engineers", "huggingface-organization-role-mapper", Map.of("syncMode", "INHERIT",
                "organization", "analytical-engines", "minimumRole", "write", "role", "hf-engineers"));
        HfUser ada = hf.ada();

        try (Browser browser = new Browser()) {
            HtmlPage login = SignInFlow.openAppLogin(browser, realm);
            assertEquals("Hugging Face", login.getElementById(SignInFlow.HF_BUTTON).asNormalizedText());
            HtmlPage consent = SignInFlow.clickHuggingFace(login);
            assertTrue(consent.asNormalizedText().contains("stand-in"), consent.asNormalizedText());
            HtmlPage app = SignInFlow.allowAs(consent, ada.preferredUsername());
            assertSignedIntoApp(app);

            JsonNode tokens = SignInFlow.exchangeCode(realm, app);
            assertEquals(ada.preferredUsername(), SignInFlow.claims(tokens.get("access_token").asText()).get("preferred_username").asText());
        }

        JsonNode user = realm.user(ada.preferredUsername());
        assertEquals(ada.email(), user.get("email").asText());
        assertTrue(user.get("emailVerified").asBoolean(), "HF said email_verified and Trust email is on");
        assertEquals("Ada", user.get("firstName").asText());
        assertEquals("Lovelace", user.get("lastName").asText());
        assertEquals(List.of(ada.picture()), textList(user.path("attributes").path("picture")));
        assertEquals(List.of("true"), textList(user.path("attributes").path("hf_is_pro")));
        assertEquals(List.of("/huggingface/analytical-engines"), realm.groupPaths(user.get("id").asText()).stream().sorted().toList(),
                "a group for the allowed org only: other-org is not on the allow-list");
        assertTrue(realm.realmRoles(user.get("id").asText()).contains("hf-engineers"));
        JsonNode link = realm.federatedIdentities(user.get("id").asText()).get(0);
        assertEquals("huggingface", link.get("identityProvider").asText());
        assertEquals(ada.sub(), link.get("userId").asText(), "the federated ID is HF's sub, never the handle");
        assertEquals(1, realm.users().size());
        assertFalse(realm.events("LOGIN").isEmpty(), "Keycloak recorded the login");
    }

    @Test
    void givenReturningUserRenamedOnHuggingFace_thenSameUserAndUsernameKept_withDefaultSyncMode() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        signIn(hf, ada);
        String id = hf.realm().user(ada.preferredUsername()).get("id").asText();
        String oldHandle = ada.preferredUsername();

        ada.rename(hf.handle("countess"));
        signIn(hf, ada);

        assertEquals(1, hf.realm().users().size(), "matched on sub: no second user");
        assertEquals(id, hf.realm().user(oldHandle).get("id").asText(), "username kept without FORCE");
    }

    @Test
    void givenReturningUserRenamedOnHuggingFace_thenUsernameFollows_withSyncModeForce() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("syncMode", "FORCE"));
        HfUser ada = hf.ada();
        signIn(hf, ada);
        String id = hf.realm().user(ada.preferredUsername()).get("id").asText();

        ada.rename(hf.handle("countess"));
        signIn(hf, ada);

        assertEquals(1, hf.realm().users().size());
        JsonNode renamed = hf.realm().user(ada.preferredUsername());
        assertEquals(id, renamed.get("id").asText(), "the same Keycloak user, renamed");
        assertEquals(ada.preferredUsername(), hf.realm().federatedIdentities(id).get(0).get("userName").asText());
    }

    @Test
    void givenUserDeniesAtHuggingFace_thenKeycloakSaysSoAndNoUserIsCreated() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        hf.ada();
        try (Browser browser = new Browser()) {
            HtmlPage page = SignInFlow.deny(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm())));
            assertTrue(page.getUrl().toString().startsWith(LiveEnvironment.get().keycloak().baseUrl()), page.getUrl().toString());
            assertTrue(page.asNormalizedText().contains("Access denied when authenticating with Hugging Face"), page.asNormalizedText());
        }
        assertEquals(0, hf.realm().users().size());
    }

    @Test
    void givenAllowList_thenMembersAreAdmittedAndOthersRefusedWithoutAUser() {
        HuggingFaceFixture hf = new HuggingFaceFixture()
                .withProvider(Map.of("allowedOrganizations", "analytical-engines##" + HuggingFaceFixture.ORG_OTHER_ID.toUpperCase()));
        HfUser ada = hf.ada();
        HfUser outsider = hf.outsider();
        HfUser noOrgs = hf.withoutOrgs();

        signIn(hf, ada);
        assertEquals(1, hf.realm().users().size());

        for (HfUser refused : List.of(outsider, noOrgs)) {
            try (Browser browser = new Browser()) {
                HtmlPage page = SignInFlow.allowAs(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm())),
                        refused.preferredUsername());
                assertTrue(page.asNormalizedText().contains("not a member of an organization allowed to sign in here"),
                        refused.preferredUsername() + ": " + page.asNormalizedText());
            }
        }
        assertEquals(1, hf.realm().users().size(), "no user for the refused logins");
        assertEquals(2, hf.realm().events("IDENTITY_PROVIDER_LOGIN_ERROR").size());

        var authorize = hf.requests("/oauth/authorize").get(0);
        assertTrue(authorize.param("scope").contains("read-memberships"), authorize.param("scope"));
        assertEquals(HuggingFaceFixture.ORG_OTHER_ID.toUpperCase(), authorize.param("orgIds"));
    }

    @Test
    void givenSecurityRestrictionsEnforced_thenAMemberWithAnUnmetRestrictionIsRefusedAndAdmittedOnceItIsMet() {
        // The allow-list names the org by ID, so HF is asked for it and shows the user's standing there.
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", HuggingFaceFixture.ORG_ENGINES_ID,
                "enforceSecurityRestrictions", "true"));
        HfUser ada = hf.ada();
        ada.org(HuggingFaceFixture.ORG_ENGINES_ID).putArray("securityRestrictions").add("sso"); // SSO not done yet

        try (Browser browser = new Browser()) {
            HtmlPage page = SignInFlow.allowAs(SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm())),
                    ada.preferredUsername());
            Refusal refusal = Refusal.assertRefused(EndPage.of(page), hf.realm(), 0);
            assertEquals("Your Hugging Face organization requires a security step you have not completed yet (such as signing in "
                    + "through its single sign-on or turning on two-factor authentication). Complete it on Hugging Face, then sign in "
                    + "here again.", refusal.message());
            assertEquals("IDENTITY_PROVIDER_LOGIN_ERROR identity_provider_login_failure, reason: organization_security_restrictions",
                    refusal.eventType());
        }

        ada.org(HuggingFaceFixture.ORG_ENGINES_ID).remove("securityRestrictions"); // done on Hugging Face
        signIn(hf, ada);
        assertEquals(1, hf.realm().users().size());
    }

    /** The languages the refusal pages ship in, as an app asks for them (ui_locales), and their message bundles. */
    private static final Map<String, String> LANGUAGES = orderedMap(
            "en", "en", "fr", "fr", "de", "de", "es", "es", "ja", "ja", "zh-Hans", "zh_Hans");

    /**
     * The browser asks for English (HtmlUnit's Accept-Language): the app's {@code ui_locales} alone chooses
     * the language, and each page must show that language's text of the provider's bundle.
     */
    @Test
    void givenEachOfTheSixLanguages_whenTwoKindsOfSignInAreRefused_thenEachPageIsInThatLanguage() throws IOException {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations", "analytical-engines"));
        ChromiumLoginIT.useHuggingFaceTheme(hf.realm(), List.copyOf(LANGUAGES.keySet()));
        HfUser outsider = hf.outsider();
        HfUser ada = hf.ada();
        List<String> wrong = new ArrayList<>();
        Properties english = bundle("en");
        for (Map.Entry<String, String> language : LANGUAGES.entrySet()) {
            Properties texts = bundle(language.getValue());
            String notAllowed = refusedIn(hf, outsider, language.getKey());
            hf.huggingFace().behaviour().signingMode(SigningMode.WRONG_KEY); // an ID token HF's keys did not sign
            String invalidToken = refusedIn(hf, ada, language.getKey());
            hf.huggingFace().behaviour().signingMode(SigningMode.NORMAL);
            for (String[] shown : List.of(new String[] {FailedCheck.ORGANIZATION_NOT_ALLOWED, notAllowed},
                    new String[] {FailedCheck.INVALID_ID_TOKEN, invalidToken})) {
                String expected = texts.getProperty(shown[0]).replace("''", "'"); // as MessageFormat shows it
                if (!expected.equals(shown[1])) {
                    wrong.add(language.getKey() + " " + shown[0] + ": shown \"" + shown[1] + "\", expected \"" + expected + "\"");
                } else if (!"en".equals(language.getKey()) && shown[1].equals(english.getProperty(shown[0]).replace("''", "'"))) {
                    wrong.add(language.getKey() + " " + shown[0] + ": shown in English");
                }
            }
        }
        assertEquals(List.of(), wrong, "refusal pages not in the language the app asked for");
        assertEquals(0, hf.realm().users().size());
    }

    private static String refusedIn(HuggingFaceFixture hf, HfUser user, String uiLocale) {
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.open(hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri())
                    + "&ui_locales=" + uiLocale);
            HtmlPage end = SignInFlow.allowAs(SignInFlow.clickHuggingFace(login, hf.huggingFace()), user.preferredUsername());
            return Refusal.assertNotLetIn(EndPage.of(end), hf.realm(), 0).message();
        }
    }

    private static Properties bundle(String suffix) throws IOException {
        String path = "/theme-resources/messages/messages_" + suffix + ".properties";
        try (InputStream in = HuggingFaceLoginIT.class.getResourceAsStream(path)) {
            assertNotNull(in, path);
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void givenOrgsInTodaysAndInDeprecatedShape_thenPlanSecurityRestrictionsAndResourceGroupsReachUserAttributes() {
        // Both org IDs in the allow-list: HF is asked for both, so it shows Ada's standing in both.
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations",
                HuggingFaceFixture.ORG_ENGINES_ID + "##" + HuggingFaceFixture.ORG_OTHER_ID));
        TestRealm realm = hf.realm();
        Map<String, String> claimToAttribute = new java.util.LinkedHashMap<>();
        claimToAttribute.put("orgs.plan", "hf_org_plans");
        claimToAttribute.put("orgs[plan=enterprise].preferred_username", "hf_enterprise_orgs");
        claimToAttribute.put("orgs[securityRestrictions=sso].preferred_username", "hf_orgs_pending_sso");
        claimToAttribute.put("orgs[sub=" + HuggingFaceFixture.ORG_ENGINES_ID + "].securityRestrictions", "hf_engines_restrictions");
        claimToAttribute.put("orgs.resourceGroups[role=admin].name", "hf_admin_resource_groups");
        claimToAttribute.forEach((claim, attribute) -> realm.addMapper(attribute, "huggingface-user-attribute-mapper",
                Map.of("syncMode", "INHERIT", "jsonField", claim, "userAttribute", attribute)));
        HfUser ada = hf.ada();
        ada.org(HuggingFaceFixture.ORG_ENGINES_ID).put("plan", "team").putArray("securityRestrictions").add("mfa").add("token-policy");
        var resourceGroups = ada.org(HuggingFaceFixture.ORG_ENGINES_ID).putArray("resourceGroups");
        resourceGroups.addObject().put("sub", "6a0000000000000000000001").put("name", "Research").put("role", "admin");
        resourceGroups.addObject().put("sub", "6a0000000000000000000002").put("name", "Interns").put("role", "read");
        // Other Org as Hugging Face described organizations before 2026: isEnterprise and pendingSSO only.
        ada.org(HuggingFaceFixture.ORG_OTHER_ID).put("isEnterprise", true).put("pendingSSO", true).put("roleInOrg", "read");

        EndPage end = Attempt.signIn(hf, ada.preferredUsername()).end();

        assertTrue(end.inApp(), end.toString());
        JsonNode attributes = realm.user(ada.preferredUsername()).path("attributes");
        assertEquals(List.of("enterprise", "team"), textList(attributes.path("hf_org_plans")).stream().sorted().toList());
        assertEquals(List.of("other-org"), textList(attributes.path("hf_enterprise_orgs")), "isEnterprise: true reads as plan enterprise");
        assertEquals(List.of("other-org"), textList(attributes.path("hf_orgs_pending_sso")), "pendingSSO: true reads as restriction sso");
        assertEquals(List.of("mfa", "token-policy"), textList(attributes.path("hf_engines_restrictions")).stream().sorted().toList());
        assertEquals(List.of("Research"), textList(attributes.path("hf_admin_resource_groups")));
    }

    @Test
    void givenTheUserGrantsOnlyOneOfTheRequestedOrgs_thenBothCountAsMembershipsButOnlyTheGrantedOneGivesARole() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("allowedOrganizations",
                HuggingFaceFixture.ORG_ENGINES_ID + "##" + HuggingFaceFixture.ORG_OTHER_ID));
        TestRealm realm = hf.realm();
        realm.createRealmRole("hf-engineers");
        realm.createRealmRole("hf-other-writers");
        realm.addMapper("engineers", "huggingface-organization-role-mapper", Map.of("syncMode", "INHERIT",
                "organization", HuggingFaceFixture.ORG_ENGINES_ID, "minimumRole", "write", "role", "hf-engineers"));
        realm.addMapper("other-writers", "huggingface-organization-role-mapper", Map.of("syncMode", "INHERIT",
                "organization", HuggingFaceFixture.ORG_OTHER_ID, "minimumRole", "write", "role", "hf-other-writers"));
        realm.addMapper("roles", "huggingface-user-attribute-mapper", Map.of("syncMode", "INHERIT",
                "jsonField", "orgs.roleInOrg", "userAttribute", "hf_org_roles"));
        realm.addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "INHERIT"));
        HfUser ada = hf.ada();
        ada.org(HuggingFaceFixture.ORG_OTHER_ID).put("roleInOrg", "write");
        ada.grantsOrgs(HuggingFaceFixture.ORG_OTHER_ID); // unticks Analytical Engines, where she is admin

        EndPage end = Attempt.signIn(hf, ada.preferredUsername()).end();

        assertTrue(end.inApp(), end.toString());
        assertEquals(HuggingFaceFixture.ORG_ENGINES_ID + "," + HuggingFaceFixture.ORG_OTHER_ID,
                hf.requests("/oauth/authorize").get(0).param("orgIds"), "both were asked for");
        JsonNode user = realm.user(ada.preferredUsername());
        String id = user.get("id").asText();
        assertEquals(List.of("write"), textList(user.path("attributes").path("hf_org_roles")), "HF showed the role in the granted org only");
        assertTrue(realm.realmRoles(id).contains("hf-other-writers"));
        assertFalse(realm.realmRoles(id).contains("hf-engineers"), "no role from an org whose role HF did not show");
        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"),
                realm.groupPaths(id).stream().sorted().toList(), "both are memberships");
    }

    @Test
    void givenHuggingFaceShowsAnErrorOnItsOwnPage_thenTheUserIsLeftThereWithoutAUserAndCanSignInOnceItIsFixed() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        HfUser ada = hf.ada();
        // The operator forgot to enable "email" on the HF app; Hugging Face says so on its own page.
        hf.huggingFace().registerApp(hf.huggingFace().app(hf.hfClientId()).orElseThrow().withScopes("openid", "profile"));
        hf.huggingFace().behaviour().authorizeErrorsOnPage(true);

        try (Browser browser = new Browser()) {
            HtmlPage onHuggingFace = SignInFlow.clickHuggingFace(SignInFlow.openAppLogin(browser, hf.realm()));
            assertEquals(400, onHuggingFace.getWebResponse().getStatusCode());
            assertTrue(onHuggingFace.asNormalizedText().contains("email is not enabled on this OAuth app"), onHuggingFace.asNormalizedText());
            assertEquals(0, hf.realm().users().size(), "no user");
            assertTrue(hf.realm().events("IDENTITY_PROVIDER_LOGIN_ERROR").isEmpty(), "Keycloak never heard back");

            hf.huggingFace().registerApp(hf.huggingFace().app(hf.hfClientId()).orElseThrow()
                    .withScopes("openid", "profile", "email", "read-memberships", "read-repos"));
            SignInFlow.signIn(browser, hf.realm(), ada.preferredUsername()); // the user starts again from the app
        }
        assertEquals(1, hf.realm().users().size());
    }

    private static void signIn(HuggingFaceFixture hf, HfUser user) {
        try (Browser browser = new Browser()) {
            SignInFlow.signIn(browser, hf.realm(), user.preferredUsername());
        }
    }

    static List<String> textList(JsonNode array) {
        return array.isArray() ? java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList() : List.of();
    }
}
