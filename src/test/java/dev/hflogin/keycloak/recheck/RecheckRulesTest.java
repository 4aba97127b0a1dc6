package dev.hflogin.keycloak.recheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The re-check's decisions without a server: settings, the share of users per tick, HF's answers. */
class RecheckRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenNothingStored_thenOffWithFifteenMinutesAndAnHourOfGraceFailingClosed() {
        RecheckSettings settings = new RecheckSettings(Map.of());
        assertEquals(false, settings.enabled());
        assertEquals(900, settings.intervalSeconds());
        assertEquals(3600, settings.graceSeconds());
        assertEquals(RecheckSettings.AfterGrace.END_SESSIONS, settings.afterGrace());
        settings.validate(false); // off: nothing required
    }

    @Test
    void givenRecheckOnWithoutStoredTokens_thenSavingIsRefusedNamingStoreTokens() {
        RecheckSettings settings = new RecheckSettings(Map.of(RecheckSettings.ENABLED, "true"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> settings.validate(false));
        assertTrue(refused.getMessage().contains("Store tokens"), refused.getMessage());
        settings.validate(true);
    }

    @Test
    void givenAProviderModel_thenStoreTokensIsReadWhateverTheKeycloakVersionReturns() {
        org.keycloak.models.IdentityProviderModel model = new org.keycloak.models.IdentityProviderModel();
        assertEquals(false, StoreTokens.isOn(model));
        model.setStoreToken(true);
        assertEquals(true, StoreTokens.isOn(model));
    }

    @ParameterizedTest(name = "given {0}={1} then refused")
    @CsvSource({"recheckIntervalSeconds,0", "recheckIntervalSeconds,15m", "recheckGraceSeconds,-1", "recheckAfterGrace,logout"})
    void givenAnUnusableValue_thenSavingIsRefusedAndReadingFallsBack(String key, String value) {
        Map<String, String> config = new HashMap<>(Map.of(RecheckSettings.ENABLED, "true", key, value));
        RecheckSettings settings = new RecheckSettings(config);
        assertThrows(IllegalArgumentException.class, () -> settings.validate(true));
        assertTrue(settings.intervalSeconds() >= 1 && settings.graceSeconds() >= 0);
        assertEquals(RecheckSettings.AfterGrace.END_SESSIONS, settings.afterGrace(), "unknown choice fails closed");
    }

    @ParameterizedTest(name = "given {0} users, interval {1} s, tick {2} s then {3} per tick")
    @CsvSource({"0,900,60,0", "1,900,60,1", "1000,900,60,85", "1000,60,60,1000", "2,4,2,2", "100000,900,60,8335"})
    void givenLinkedUsers_thenEachTickChecksItsShareWithSlack(int users, long interval, long tick, int expected) {
        assertEquals(expected, ProviderTick.perTick(users, interval, tick));
    }

    @Test
    void givenUserInfoOfAMemberOfAnAllowedOrg_thenStillAllowed() throws Exception {
        Verdict verdict = MembershipCheck.decide(userInfo("abc", "[{\"sub\":\"64a0b1c2d3e4f5a6b7c8d9e0\",\"preferred_username\":\"engines\"}]"),
                "abc", OrganizationAllowList.of(List.of("engines")));
        assertInstanceOf(Verdict.StillAllowed.class, verdict);
    }

    @ParameterizedTest(name = "given orgs {0} then {1}")
    @CsvSource(delimiter = '|', value = {
            "[{\"sub\":\"65b1c2d3e4f5a6b7c8d9e0f1\",\"preferred_username\":\"other\"}]|NOT_A_MEMBER",
            "[]|NOT_A_MEMBER",
            "null|MEMBERSHIPS_MISSING"})
    void givenUserInfoWithoutAnAllowedOrg_thenRefusedByTheRule(String orgs, Verdict.Rule rule) throws Exception {
        Verdict verdict = MembershipCheck.decide(userInfo("abc", orgs), "abc", OrganizationAllowList.of(List.of("engines")));
        assertEquals(rule, assertInstanceOf(Verdict.Refused.class, verdict).rule());
    }

    @Test
    void givenUserInfoOfAnotherSubject_thenRefusedNotTrusted() throws Exception {
        Verdict verdict = MembershipCheck.decide(userInfo("someone-else", "[{\"preferred_username\":\"engines\"}]"),
                "abc", OrganizationAllowList.of(List.of("engines")));
        assertEquals(Verdict.Rule.SUBJECT_MISMATCH, assertInstanceOf(Verdict.Refused.class, verdict).rule());
    }

    @ParameterizedTest(name = "given userinfo HTTP {0} then {1}")
    @CsvSource(delimiter = '|', value = {
            "401|{\"error\":\"invalid_token\"}|TokenRefused",
            "403|{}|TokenRefused",
            "503|{\"error\":\"down\"}|Failed",
            "200|<html>|Failed",
            "200|[1]|Failed",
            "200|{\"sub\":\"abc\"}|Claims"})
    void givenUserInfoAnswers_thenOnlyARefusedTokenCountsAsRevoked(int status, String body, String kind) {
        assertEquals(kind, UserInfoRequest.answer(status, body).getClass().getSimpleName());
    }

    @ParameterizedTest(name = "given provider {0} and mapper {1} then {2}")
    @CsvSource({"FORCE,INHERIT,FORCE", "IMPORT,FORCE,FORCE", "FORCE,IMPORT,IMPORT", "LEGACY,INHERIT,LEGACY", "FORCE,LEGACY,LEGACY"})
    void givenSyncModes_thenTheEffectiveOneIsTheMappersUnlessItInherits(String providerMode, String mapperMode, String effective) {
        org.keycloak.models.IdentityProviderModel provider = new org.keycloak.models.IdentityProviderModel();
        provider.setSyncMode(org.keycloak.models.IdentityProviderSyncMode.valueOf(providerMode));
        org.keycloak.models.IdentityProviderMapperModel mapper = new org.keycloak.models.IdentityProviderMapperModel();
        mapper.setConfig(new HashMap<>(Map.of("syncMode", mapperMode)));
        assertEquals(effective, ForcedOrganizationMappers.effectiveSyncMode(provider, mapper).name());
    }

    @Test
    void givenMappedAccessBeforeAndAfter_thenTheChangesNameWhatWasJoinedAndLeft() {
        MappedAccess before = new MappedAccess(java.util.Set.of("/hf/a", "/hf/b", "/staff"), java.util.Set.of("r1"), java.util.Set.of(),
                java.util.Set.of("org/admin", "org/reviewers"));
        MappedAccess after = new MappedAccess(java.util.Set.of("/hf/a", "/hf/c", "/staff"), java.util.Set.of("r1", "r2"), java.util.Set.of("org"),
                java.util.Set.of("org/write", "org/reviewers"));
        List<String> changes = after.changesSince(before).stream().map(c -> c[0] + "=" + c[1]).toList();
        assertEquals(List.of("groups_joined=/hf/c", "groups_left=/hf/b", "roles_granted=r2", "organizations_joined=org",
                "organization_groups_joined=org/write", "organization_groups_left=org/admin"), changes);
        assertTrue(after.changesSince(after).isEmpty());
    }

    private static JsonNode userInfo(String sub, String orgs) throws Exception {
        String json = "{\"sub\":\"" + sub + "\",\"preferred_username\":\"ada\"" + ("null".equals(orgs) ? "" : ",\"orgs\":" + orgs) + "}";
        return JSON.readTree(json);
    }

    @Test
    void givenACheckThatThrewInsideKeycloak_thenItIsSaidAsSuchWithTheClassAndPlaceButNotTheMessage() {
        RuntimeException thrown = new IllegalStateException("access_token=hf_oauth_secret in an error text");
        thrown.setStackTrace(new StackTraceElement[]{new StackTraceElement("org.keycloak.Example", "read", "Example.java", 42)});

        Verdict.Unreachable verdict = Verdict.Unreachable.failedInside(thrown);

        assertTrue(verdict.insideKeycloak(), "an error inside Keycloak is not Hugging Face being unreachable");
        assertEquals("java.lang.IllegalStateException at org.keycloak.Example.read:42", verdict.reason());
        assertEquals(false, new Verdict.Unreachable("userinfo: HTTP 503").insideKeycloak());
    }
}
