package dev.hflogin.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.HuggingFaceScopes;
import dev.hflogin.keycloak.login.GrantedScopes;
import dev.hflogin.keycloak.mappers.ClaimPath;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import dev.hflogin.keycloak.orgs.OrganizationRole;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import dev.hflogin.keycloak.profile.HuggingFaceProfileParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The provider's own work per first login, without Keycloak, for a user in {@value #ORGS} Hugging Face
 * organizations: what runs in memory between HF's answer and Keycloak's database, in the heaviest
 * configuration (an allow-list, two claim-to-attribute mappers, the three organization mappers). Each
 * step is run as many times as one first login runs it: the profile is parsed once in each of the two
 * Keycloak requests that handle it (the callback from HF; the end of the first-login flow, which creates
 * the user), the email rule and the organization mappers reuse that parse.
 * Prints microseconds per login and writes target/benchmark/provider-work.md. Timing is reported, not
 * asserted (a busy machine would make such an assertion fail for nothing); the results are checked.
 * Run with {@code mvn -B verify -Pbench -Dit.test=ProviderWorkBenchmarkIT} (no Keycloak is started).
 */
class ProviderWorkBenchmarkIT {

    static final int ORGS = 100;
    static final int WARM_UP_LOGINS = 20_000;
    static final int MEASURED_ROUNDS = 5;
    static final int LOGINS_PER_ROUND = 5_000;
    static final int ORGANIZATION_MAPPERS = 3;
    static final int PARSES_PER_FIRST_LOGIN = 2;
    static final List<String> ALLOW_LIST = List.of("some-other-org", "64a0b1c2d3e4f5a6b7c8d9ff", "org-99");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One login's work, step by step, each returning something checked so the JIT cannot drop it. */
    private record Step(String name, int timesPerLogin, Supplier<Object> work) {
    }

    @Test
    void givenAUserInAHundredOrganizations_whenTheProviderDoesItsPartOfALogin_thenPrintsTheTimeItTakes() throws IOException {
        Map<String, Object> idTokenClaims = idTokenClaims();
        JsonNode userInfo = userInfo(ORGS);
        OrganizationAllowList allowList = OrganizationAllowList.of(ALLOW_LIST);
        HuggingFaceProfile profile = HuggingFaceProfileParser.parse(HuggingFaceProfileParser.merge(idTokenClaims, userInfo));
        Optional<OrganizationRole> minimumRole = OrganizationRole.parse("read");

        List<Step> steps = List.of(
                new Step("scope asked for, scopes granted (GrantedScopes)", 1, () -> {
                    String scope = HuggingFaceScopes.effective("openid profile email", List.of(), true);
                    return GrantedScopes.of(scope).missing(List.of(HuggingFaceScopes.OPENID, HuggingFaceScopes.READ_MEMBERSHIPS));
                }),
                new Step("ID token claims merged with userinfo", 1, () -> HuggingFaceProfileParser.merge(idTokenClaims, userInfo)),
                new Step("profile parsed (once per request: the callback, then the request that creates the user)",
                        PARSES_PER_FIRST_LOGIN, () -> HuggingFaceProfileParser.parse(profile.claims())),
                new Step("allow-list decision", 1, () -> allowList.decide(profile)),
                new Step("names, username", 1, () -> profile.personName().firstName() + profile.username()),
                new Step("attribute mapper: picture", 1, () -> ClaimPath.parse("picture").values(profile.claims())),
                new Step("attribute mapper: orgs.preferred_username", 1,
                        () -> ClaimPath.parse("orgs.preferred_username").values(profile.claims())),
                new Step("organization mapper: qualifying orgs, allow-list per org", ORGANIZATION_MAPPERS,
                        () -> profile.organizations().stream()
                                .filter(org -> org.hasRoleAtLeast(minimumRole))
                                .filter(allowList::allows)
                                .map(HuggingFaceOrganization::handle)
                                .toList()));

        assertEquals(ORGS, HuggingFaceProfileParser.parse(profile.claims()).organizations().size());
        assertEquals(OrganizationAllowList.Decision.ADMITTED, allowList.decide(profile));
        assertEquals(ORGS, ClaimPath.parse("orgs.preferred_username").values(profile.claims()).size());

        for (int i = 0; i < WARM_UP_LOGINS; i++) {
            steps.forEach(step -> runTimes(step));
        }
        Map<String, double[]> micros = new LinkedHashMap<>();
        steps.forEach(step -> micros.put(step.name(), new double[MEASURED_ROUNDS]));
        double[] totals = new double[MEASURED_ROUNDS];
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            for (Step step : steps) {
                long start = System.nanoTime();
                for (int i = 0; i < LOGINS_PER_ROUND; i++) {
                    runTimes(step);
                }
                double perLogin = (System.nanoTime() - start) / 1000.0 / LOGINS_PER_ROUND;
                micros.get(step.name())[round] = perLogin;
                totals[round] += perLogin;
            }
        }

        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "Provider's own work per first login, user in %d organizations (median of %d rounds of %,d logins, after %,d "
                        + "warm-up logins):%n%n| step | times per login | µs per login |%n|---|---|---|%n",
                ORGS, MEASURED_ROUNDS, LOGINS_PER_ROUND, WARM_UP_LOGINS));
        steps.forEach(step -> md.append(String.format(Locale.ROOT, "| %s | %d | %.1f |%n",
                step.name(), step.timesPerLogin(), median(micros.get(step.name())))));
        md.append(String.format(Locale.ROOT, "| **total** | | **%.1f** (rounds: %s) |%n", median(totals), rounds(totals)));
        System.out.println();
        System.out.println(md);
        Path dir = Path.of(System.getProperty("build.dir", "target")).resolve("benchmark");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("provider-work.md"), md);
    }

    private static Object runTimes(Step step) {
        Object last = null;
        for (int i = 0; i < step.timesPerLogin(); i++) {
            last = step.work().get();
        }
        if (last == null) {
            throw new AssertionError(step.name() + " produced nothing");
        }
        return last;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String rounds(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", value));
        }
        return text.toString();
    }

    /** What Keycloak hands the provider from HF's ID token, apart from sub. */
    private static Map<String, Object> idTokenClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "63f1c2a9e4b0d1a2b3c4d5e6");
        claims.put("name", "Ada Lovelace");
        claims.put("preferred_username", "ada");
        claims.put("profile", "https://huggingface.co/ada");
        claims.put("picture", "https://cdn-avatars.huggingface.co/v1/production/uploads/ada.png");
        claims.put("email", "ada@example.com");
        claims.put("email_verified", true);
        claims.put("nonce", "w3JkZ1xq8b0t6P2mVf9a1Q");
        claims.put("auth_time", 1_790_000_000L);
        return claims;
    }

    /** HF's userinfo for a user in {@code orgs} organizations, each entry as HF documents it. */
    static JsonNode userInfo(int orgs) {
        ObjectNode userInfo = JSON.createObjectNode()
                .put("sub", "63f1c2a9e4b0d1a2b3c4d5e6").put("name", "Ada Lovelace").put("preferred_username", "ada")
                .put("profile", "https://huggingface.co/ada").put("picture", "https://cdn-avatars.huggingface.co/ada.png")
                .put("website", "https://ada.dev").put("email", "ada@example.com").put("email_verified", true)
                .put("isPro", false).put("canPay", true);
        ArrayNode entries = userInfo.putArray("orgs");
        for (int i = 0; i < orgs; i++) {
            ObjectNode org = entries.addObject()
                    .put("sub", String.format(Locale.ROOT, "64a0b1c2d3e4f5a6b7c8%04x", i))
                    .put("name", "Organization " + i).put("preferred_username", "org-" + i)
                    .put("picture", "https://cdn-avatars.huggingface.co/org-" + i + ".png")
                    .put("plan", i % 2 == 0 ? "team" : "enterprise").put("canPay", i % 3 == 0)
                    .put("roleInOrg", List.of("read", "contributor", "write", "admin").get(i % 4));
            org.putArray("securityRestrictions");
        }
        return userInfo;
    }
}
