package dev.hflogin.keycloak.it.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Userinfo claims by scope, orgs and roleInOrg, and users changing between logins. */
class UserClaimsTest {

    private static final String ALL = "openid profile email read-billing read-memberships";

    private HuggingFaceStandIn standIn;
    private StandInTestClient client;

    @BeforeEach
    void start() {
        standIn = StandInTestClient.startWithTestApp(ALL.split(" "));
        client = new StandInTestClient(standIn);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void openidAloneGivesOnlySub() throws Exception {
        JsonNode claims = userInfo(StandInTestClient.authorizeParams("openid"), "ada");
        assertEquals(1, claims.size(), claims.toString());
        assertEquals(DemoUsers.ADA_SUB, claims.get("sub").asText());
    }

    @Test
    void profileScopeGivesProfileClaimsButNotBillingOrOrgs() throws Exception {
        JsonNode claims = userInfo(StandInTestClient.authorizeParams("openid profile"), "ada");
        assertEquals("Ada Lovelace", claims.get("name").asText());
        assertEquals("https://huggingface.co/ada", claims.get("profile").asText());
        assertEquals("https://ada.dev", claims.get("website").asText());
        assertFalse(claims.get("isPro").asBoolean());
        assertFalse(claims.has("email") || claims.has("canPay") || claims.has("orgs"));
    }

    @Test
    void demoUsersPicturesAreTheStandInsOwnAvatars() throws Exception {
        JsonNode claims = userInfo(StandInTestClient.authorizeParams("openid profile read-memberships"), "ada");
        String picture = claims.get("picture").asText();
        assertEquals(standIn.baseUrl() + "/avatars/ada.svg", picture);
        assertEquals(standIn.baseUrl() + "/avatars/analytical-engines.svg", claims.get("orgs").get(0).get("picture").asText());

        var avatar = client.get(picture);
        assertEquals(200, avatar.statusCode());
        assertEquals("image/svg+xml", avatar.headers().firstValue("Content-Type").orElse(""));
        assertTrue(avatar.body().startsWith("<svg") && avatar.body().contains(">A</text>"), avatar.body());
        assertEquals(404, client.get(standIn.baseUrl() + "/avatars/../oauth/jwks.svg").statusCode());
        assertEquals(404, client.get(standIn.baseUrl() + "/avatars/ada.png").statusCode());
    }

    @Test
    void roleInOrgOnlyForOrgsRequestedWithOrgIds() throws Exception {
        Map<String, String> params = StandInTestClient.authorizeParams(ALL);
        JsonNode withoutOrgIds = userInfo(params, "ada").get("orgs");
        assertFalse(withoutOrgIds.get(0).has("roleInOrg"));
        assertEquals("enterprise", withoutOrgIds.get(0).get("plan").asText());

        params.put("orgIds", DemoUsers.ANALYTICAL_ENGINES_SUB);
        JsonNode orgs = userInfo(params, "ada").get("orgs");
        assertEquals("admin", orgs.get(0).get("roleInOrg").asText());
        assertTrue(orgs.get(0).get("securityRestrictions").isArray());
        assertEquals("other-org", orgs.get(1).get("preferred_username").asText());
    }

    @Test
    void unknownOrgFieldsAreKeptAndTheOrgsClaimCanBeRemoved() throws Exception {
        HfUser ada = standIn.user("ada").orElseThrow();
        ada.org(DemoUsers.OTHER_ORG_SUB).put("futureField", "kept").putArray("resourceGroups").addObject()
                .put("sub", "rg1").put("name", "team").put("role", "read");
        JsonNode orgs = userInfo(StandInTestClient.authorizeParams(ALL), "ada").get("orgs");
        assertEquals("kept", orgs.get(1).get("futureField").asText());
        assertEquals("rg1", orgs.get(1).get("resourceGroups").get(0).get("sub").asText());

        ada.withoutOrgsClaim();
        assertFalse(userInfo(StandInTestClient.authorizeParams(ALL), "ada").has("orgs"));
    }

    @Test
    void userWithoutOrgsGetsAnEmptyList() throws Exception {
        JsonNode claims = userInfo(StandInTestClient.authorizeParams(ALL), "grace");
        assertEquals(DemoUsers.GRACE_SUB, claims.get("sub").asText());
        assertEquals(0, claims.get("orgs").size());
        assertFalse(claims.get("canPay").asBoolean());
    }

    @Test
    void renameKeepsTheSub() throws Exception {
        standIn.user("ada").orElseThrow().rename("countess-ada");
        JsonNode claims = userInfo(StandInTestClient.authorizeParams("openid profile"), "countess-ada");
        assertEquals(DemoUsers.ADA_SUB, claims.get("sub").asText());
        assertEquals("countess-ada", claims.get("preferred_username").asText());
        assertEquals("https://huggingface.co/countess-ada", claims.get("profile").asText());
    }

    @Test
    void extraClaimsAndUnverifiedEmail() throws Exception {
        standIn.user("grace").orElseThrow().emailVerified(false).extraClaims().put("isEnterprise", true);
        JsonNode claims = userInfo(StandInTestClient.authorizeParams("openid email"), "grace");
        assertFalse(claims.get("email_verified").asBoolean());
        assertTrue(claims.get("isEnterprise").asBoolean());
    }

    @Test
    void givenTheUserGrantsOnlySomeOrgs_thenTheirStandingIsShownOnlyInThose() throws Exception {
        HfUser ada = standIn.user("ada").orElseThrow();
        ada.org(DemoUsers.ANALYTICAL_ENGINES_SUB).put("canPay", true).putArray("securityRestrictions").add("mfa");
        ada.org(DemoUsers.OTHER_ORG_SUB).put("roleInOrg", "write").put("pendingSSO", true);
        ada.grantsOrgs(DemoUsers.OTHER_ORG_SUB);
        Map<String, String> params = StandInTestClient.authorizeParams(ALL);
        params.put("orgIds", DemoUsers.ANALYTICAL_ENGINES_SUB + "," + DemoUsers.OTHER_ORG_SUB);

        JsonNode orgs = userInfo(params, "ada").get("orgs");

        assertEquals(2, orgs.size(), "both orgs are listed");
        JsonNode notGranted = orgs.get(0);
        assertEquals("enterprise", notGranted.get("plan").asText());
        assertFalse(notGranted.has("roleInOrg") || notGranted.has("canPay") || notGranted.has("securityRestrictions"), notGranted.toString());
        assertEquals("write", orgs.get(1).get("roleInOrg").asText());
        assertTrue(orgs.get(1).get("pendingSSO").asBoolean());
    }

    @Test
    void givenGrantsWithoutRefreshTokensAndDeadGrantAnswers_thenTheTokenEndpointAnswersInThatShape() throws Exception {
        standIn.behaviour().issueRefreshTokens(false);
        JsonNode withoutRefresh = StandInTestClient.json(client.redeem(client.code(StandInTestClient.authorizeParams(ALL), "ada"), null));
        assertTrue(withoutRefresh.has("access_token"));
        assertFalse(withoutRefresh.has("refresh_token"), withoutRefresh.toString());
        standIn.behaviour().issueRefreshTokens(true);

        String refreshToken = StandInTestClient.json(client.redeem(client.code(StandInTestClient.authorizeParams(ALL), "ada"), null))
                .get("refresh_token").asText();
        standIn.revokeTokens(DemoUsers.ADA_SUB);
        assertEquals(400, client.refresh(refreshToken).statusCode());
        standIn.behaviour().deadGrantAnswer(DeadGrantAnswer.INVALID_CLIENT);
        var invalidClient = client.refresh(refreshToken);
        assertEquals(401, invalidClient.statusCode());
        assertEquals("invalid_client", StandInTestClient.json(invalidClient).get("error").asText());
        standIn.behaviour().deadGrantAnswer(DeadGrantAnswer.HTML_PAGE);
        var html = client.refresh(refreshToken);
        assertEquals(400, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), html.headers().toString());
    }

    private JsonNode userInfo(Map<String, String> params, String username) throws Exception {
        String code = client.code(params, username);
        String accessToken = StandInTestClient.json(client.redeem(code, null)).get("access_token").asText();
        return StandInTestClient.json(client.userInfo(accessToken));
    }
}
