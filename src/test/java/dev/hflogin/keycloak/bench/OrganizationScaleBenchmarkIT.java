package dev.hflogin.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.HttpLoginFlow;
import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a Hugging Face login costs as the user's organizations grow: users in 1, 10 and 100 HF orgs sign in
 * through one realm with the organization group mapper and the organization member mapper both on (sync mode
 * FORCE, creating missing groups and organizations), in interleaved blocks so every series sees the same realm
 * as it fills up. Prints the figures and writes target/benchmark/{organizations.json, organizations-table.md}.
 *
 * <p>All users of a series share the same N orgs, as the members of a team do: the series' first login (alone,
 * unmeasured in the table) creates the N groups and organizations and is reported on its own line; every measured
 * first login joins N existing groups and organizations.
 *
 * <p>Each request of a login may take up to {@code -Dbench.requestTimeoutSeconds} (120 s): a first login in 100 orgs
 * takes seconds on its own and tens of seconds with four of them at once on two cores.
 *
 * <p>Asserted: every login gets back to the app, each first login creates one user, and afterwards a sample
 * user of each series is in exactly their orgs' groups and organizations, and the realm holds exactly the
 * groups and organizations of all orgs seen. Speed is reported, not asserted.
 */
@ExtendWith(LiveEnvironment.class)
class OrganizationScaleBenchmarkIT {

    static final int USERS_PER_SERIES = Integer.getInteger("bench.orgUsers", 16);
    /**
     * One at a time by default: the wait of a user signing in on a server doing nothing else, which is how the
     * targets were set (their 1-org figures, 0.2 s for a first login, 75 ms for a returning one, are one-at-a-time
     * figures). {@code -Dbench.clients=4} measures under load instead: four sign-ins sharing this machine's two cores.
     */
    static final int CLIENTS = Integer.getInteger("bench.clients", 1);
    /**
     * Users who each create 100 new organizations and groups, one at a time, after the other phases: the creation as
     * on a server that has been running (its code compiled), where the series' creating logins above run in the first
     * seconds after Keycloak started.
     */
    static final int CREATIONS_WARM = Integer.getInteger("bench.creations", 3);
    static final int CREATION_ORGS = 100;
    /**
     * Users in no organization who each sign in twice before anything is measured, so the series' creating logins run
     * on a server that has signed users in, not in the first seconds after it started, and without having created an
     * organization ({@code -Dbench.warmUpLogins=0}: right after the start, where the JVM still compiles Keycloak's code).
     */
    static final int WARM_UP_USERS = Integer.getInteger("bench.warmUpLogins", 40);
    static final List<Integer> ORG_COUNTS = List.of(1, 10, 100);
    static final int BLOCK = 5;
    static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(3);
    /** After a phase, until the membership cache warm-ups it started (off the responses) have finished. */
    static final Duration WARM_UPS_DONE = Duration.ofSeconds(3);
    static final String PARENT = "/huggingface";
    private static final HttpLoginFlow FLOW = new HttpLoginFlow("social-huggingface",
            Duration.ofSeconds(Integer.getInteger("bench.requestTimeoutSeconds", 120)));

    @Test
    void givenUsersIn1To100Organizations_whenLoggingInInterleavedBlocks_thenTheFiguresArePrintedAndTheMembershipsAreRight()
            throws Exception {
        LiveEnvironment.Resources env = LiveEnvironment.get();
        try (HuggingFaceStandIn upstream = HuggingFaceStandIn.start()) {
            TestRealm realm = realm(env, upstream);
            Map<Integer, List<String>> handles = new LinkedHashMap<>();
            Map<String, List<String>> orgsOf = new LinkedHashMap<>();
            for (int orgs : ORG_COUNTS) {
                List<String> series = new ArrayList<>();
                for (int i = 0; i < USERS_PER_SERIES; i++) {
                    String handle = "orgs" + orgs + "-user" + i;
                    series.add(handle);
                    List<String> orgHandles = orgHandles(orgs, i);
                    upstream.addUser(member(handle, orgHandles));
                    orgsOf.put(handle, orgHandles);
                }
                handles.put(orgs, series);
            }
            List<String> creators = new ArrayList<>();
            for (int k = 0; k < CREATIONS_WARM; k++) {
                String handle = "creator" + k;
                List<String> orgHandles = new ArrayList<>();
                for (int j = 0; j < CREATION_ORGS; j++) {
                    orgHandles.add("new" + k + "-" + j);
                }
                upstream.addUser(member(handle, orgHandles));
                orgsOf.put(handle, orgHandles);
                creators.add(handle);
            }
            List<String> warmUpUsers = new ArrayList<>();
            for (int i = 0; i < WARM_UP_USERS; i++) {
                upstream.addUser(HfUser.withHandle("warmup" + i).name("Bench warm-up " + i));
                warmUpUsers.add("warmup" + i);
            }
            LatencyStats warmUp = new LatencyStats();
            for (int pass = 0; pass < 2 && !warmUpUsers.isEmpty(); pass++) {
                runBlock(env, realm, warmUpUsers, warmUp);
            }
            assertEquals(List.of(), warmUp.failures(), "every warm-up login gets back to the app");
            Map<Integer, Duration> creating = new LinkedHashMap<>();
            for (int orgs : ORG_COUNTS) {
                creating.put(orgs, signInOnce(env, realm, handles.get(orgs).get(0))); // creates the series' orgs
            }

            Map<String, LatencyStats> results = new LinkedHashMap<>();
            for (String phase : OrganizationScaleReport.PHASES) {
                Thread.sleep(WARM_UPS_DONE.toMillis()); // the previous phase's membership cache warm-ups have finished
                ORG_COUNTS.forEach(orgs -> results.put(OrganizationScaleReport.series(orgs, phase), new LatencyStats()));
                for (int start = 1, round = 0; start < USERS_PER_SERIES && !failed(results); start += BLOCK, round++) {
                    for (int k = 0; k < ORG_COUNTS.size(); k++) {
                        int orgs = ORG_COUNTS.get((k + round) % ORG_COUNTS.size()); // each series goes first in turn
                        List<String> block = handles.get(orgs).subList(start, Math.min(USERS_PER_SERIES, start + BLOCK));
                        runBlock(env, realm, block, results.get(OrganizationScaleReport.series(orgs, phase)));
                    }
                }
                if (failed(results)) {
                    break; // a failed login fails the run; the figures so far are still printed below
                }
            }
            List<Duration> creatingWarm = new ArrayList<>();
            for (int k = 0; k < creators.size() && !failed(results); k++) {
                Thread.sleep(WARM_UPS_DONE.toMillis());
                creatingWarm.add(signInOnce(env, realm, creators.get(k)));
            }

            Set<String> allOrgs = new TreeSet<>();
            orgsOf.values().forEach(allOrgs::addAll);
            String parentId = groupId(env, realm, PARENT);
            Map<String, Integer> realmSize = new LinkedHashMap<>();
            realmSize.put("users", env.admin().getJson("/realms/" + realm.name() + "/users/count").asInt());
            realmSize.put("groups under " + PARENT, parentId == null ? 0
                    : env.admin().getJson("/realms/" + realm.name() + "/groups/" + parentId).path("subGroupCount").asInt());
            realmSize.put("organizations", env.admin().getJson("/realms/" + realm.name()
                    + "/organizations?briefRepresentation=true&max=100000").size());
            OrganizationScaleReport report = new OrganizationScaleReport(results, ORG_COUNTS, CLIENTS, realmSize, WARM_UP_USERS,
                    creating, creatingWarm);
            report.print();
            report.write(Path.of(System.getProperty("build.dir", "target")).resolve("benchmark"));

            List<String> failures = new ArrayList<>();
            results.forEach((name, stats) -> stats.failures().forEach(failure -> failures.add(name + ": " + failure)));
            assertEquals(List.of(), failures, "every login gets back to the app; a failed login fails the run");
            assertEquals(WARM_UP_USERS + ORG_COUNTS.size() * USERS_PER_SERIES + creatingWarm.size(), realmSize.get("users"),
                    "one user per HF account, none twice");
            assertEquals(allOrgs.size(), realmSize.get("groups under " + PARENT), "one group per HF org, none twice");
            assertEquals(allOrgs.size(), realmSize.get("organizations"), "one organization per HF org, none twice");
            List<String> samples = new ArrayList<>();
            ORG_COUNTS.forEach(orgs -> samples.add(handles.get(orgs).get(USERS_PER_SERIES - 1)));
            samples.addAll(creators.subList(0, Math.min(1, creatingWarm.size())));
            for (String sample : samples) {
                String userId = realm.user(sample).get("id").asText();
                Set<String> expectedGroups = new TreeSet<>();
                orgsOf.get(sample).forEach(org -> expectedGroups.add(PARENT + "/" + org));
                assertEquals(expectedGroups, groupPaths(env, realm, userId), sample + " is in each of their orgs' groups, only");
                assertEquals(new TreeSet<>(orgsOf.get(sample)), organizationAliases(env, realm, userId),
                        sample + " is a member of each of their orgs' organizations, only");
            }
        }
    }

    /** The realm: the provider with sync mode FORCE, Organizations on, and both organization mappers creating what is missing. */
    static TestRealm realm(LiveEnvironment.Resources env, HuggingFaceStandIn upstream) {
        TestRealm realm = TestRealm.create(env);
        upstream.registerApp(OAuthApp.confidential("bench-orgs", "bench-orgs-secret", realm.brokerRedirectUri(),
                BenchmarkRealm.SCOPES.split(" ")));
        realm.addHuggingFace("bench-orgs", "bench-orgs-secret", Map.of(
                "baseUrl", upstream.baseUrl(),
                "syncMode", "FORCE")).expect(201);
        realm.enableOrganizations();
        realm.addMapper("org-groups", "huggingface-organization-group-mapper", Map.of(
                "syncMode", "FORCE", "parentGroup", PARENT, "createGroups", "true"));
        realm.addMapper("org-members", "huggingface-organization-member-mapper", Map.of(
                "syncMode", "FORCE", "createOrganizations", "true"));
        return realm;
    }

    /** An HF user with write access in each of these orgs. */
    static HfUser member(String handle, List<String> orgHandles) {
        HfUser user = HfUser.withHandle(handle).name("Bench " + handle);
        orgHandles.forEach(org -> user.addOrg(HfUser.org(orgId(org), "Org " + org, org).put("roleInOrg", "write")));
        return user;
    }

    /** The orgs of every user in {@code orgs} orgs: the same for the whole series. */
    static List<String> orgHandles(int orgs, int index) {
        List<String> handles = new ArrayList<>();
        for (int j = 0; j < orgs; j++) {
            handles.add("team" + orgs + "-" + j);
        }
        return handles;
    }

    /** A stable 24-hex-digit HF org ID per handle. */
    static String orgId(String handle) {
        return UUID.nameUUIDFromBytes(handle.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "").substring(0, 24);
    }

    /** One block of concurrent logins; a login that fails or does not finish in time is recorded as a failure. */
    private static void runBlock(LiveEnvironment.Resources env, TestRealm realm, List<String> handles, LatencyStats stats)
            throws InterruptedException {
        Duration wall = LoginBlock.run(handles, CLIENTS, BLOCK_TIMEOUT, handle -> signInOnce(env, realm, handle),
                handle -> handle, stats);
        stats.addBlock(handles.size(), wall);
    }

    private static boolean failed(Map<String, LatencyStats> results) {
        return results.values().stream().anyMatch(stats -> !stats.failures().isEmpty());
    }

    private static Duration signInOnce(LiveEnvironment.Resources env, TestRealm realm, String handle) {
        return FLOW.signIn(realm.authorizationUrl(env.app().redirectUri()), handle).elapsed();
    }

    /** A top-level group's ID by exact name, or null. */
    private static String groupId(LiveEnvironment.Resources env, TestRealm realm, String path) {
        for (JsonNode group : env.admin().getJson("/realms/" + realm.name() + "/groups?briefRepresentation=true&max=1000")) {
            if (path.equals("/" + group.get("name").asText())) {
                return group.get("id").asText();
            }
        }
        return null;
    }

    private static Set<String> groupPaths(LiveEnvironment.Resources env, TestRealm realm, String userId) {
        Set<String> paths = new TreeSet<>();
        env.admin().getJson("/realms/" + realm.name() + "/users/" + userId + "/groups?max=10000")
                .forEach(group -> paths.add(group.get("path").asText()));
        return paths;
    }

    private static Set<String> organizationAliases(LiveEnvironment.Resources env, TestRealm realm, String userId) {
        Set<String> aliases = new TreeSet<>();
        env.admin().getJson("/realms/" + realm.name() + "/organizations/members/" + userId + "/organizations?briefRepresentation=true")
                .forEach(org -> aliases.add(org.get("alias").asText()));
        return aliases;
    }
}
