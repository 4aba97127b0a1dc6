package dev.hflogin.keycloak.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hflogin.keycloak.it.AdminClient;
import dev.hflogin.keycloak.it.Browser;
import dev.hflogin.keycloak.it.DistributionKeycloakServer;
import dev.hflogin.keycloak.it.LiveEnvironment;
import dev.hflogin.keycloak.it.Ports;
import dev.hflogin.keycloak.it.SignInFlow;
import dev.hflogin.keycloak.it.TestApp;
import dev.hflogin.keycloak.it.TestRealm;
import dev.hflogin.keycloak.it.standin.DemoUsers;
import dev.hflogin.keycloak.it.standin.HfUser;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.hflogin.keycloak.cluster.RealmState.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A realm set up with the provider and its four mappers survives what operators do to it: Keycloak
 * restarted on PostgreSQL, and {@code kc.sh export} of the stopped server followed by
 * {@code kc.sh import} into a fresh server (an empty database). Afterwards the same Hugging Face
 * users sign in to the same Keycloak users: the same IDs, one link each to their Hugging Face
 * {@code sub}, the same attributes, groups, roles and organizations, no new user. The mappers run in
 * FORCE, so each sign-in recomputes what they map. Run with {@code mvn verify -Pcluster}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartAndRestoreIT {

    private static final String HF_CLIENT_ID = "restore-app";
    private static final String HF_CLIENT_SECRET = "restore-secret";
    private static final String ROLE = "hf-engineers";

    private static final Path LOGS = PostgresKeycloak.logDir("restore");
    private static LocalPostgres postgres;
    private static HuggingFaceStandIn huggingFace;
    private static TestApp app;
    private static int port;
    private static DistributionKeycloakServer keycloak;
    private static TestRealm realm;
    private static List<HfUser> users;
    /** The realm after every user's first sign-in: what each later step must find again. */
    private static RealmState signedIn;

    @BeforeAll
    static void realmWithSignedInUsers() throws Exception {
        postgres = LocalPostgres.start(LOGS);
        huggingFace = HuggingFaceStandIn.start();
        app = TestApp.start();
        port = Ports.free();
        keycloak = PostgresKeycloak.start(postgres.jdbcUrl(), port, port, LOGS.resolve("keycloak.log"));
        realm = configuredRealm();
        users = List.of(huggingFace.addUser(DemoUsers.ada()), huggingFace.addUser(DemoUsers.grace()));
        signInEveryone(realm);
        signedIn = RealmState.read(admin(), realm.name());
        assertMapped(signedIn);
    }

    @AfterAll
    static void stopAll() {
        if (keycloak != null) {
            keycloak.close();
        }
        if (app != null) {
            app.close();
        }
        if (huggingFace != null) {
            huggingFace.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void givenSignedInUsers_whenKeycloakRestarts_thenTheySignInToTheSameUsers() throws Exception {
        long start = System.nanoTime();
        keycloak.close();
        keycloak = PostgresKeycloak.start(postgres.jdbcUrl(), port, port, LOGS.resolve("keycloak-restarted.log"));
        long restarted = System.nanoTime();

        assertSignInsFindTheSameUsers("after the restart");
        System.out.printf("RESTORE: restart (stop, start on the same database) %.0f s; then %d users signed in again: "
                + "the same users, IDs, links, attributes, groups, roles and organizations%n", seconds(start, restarted), users.size());
    }

    @Test
    @Order(2)
    void givenSignedInUsers_whenTheRealmIsExportedAndImportedIntoAFreshServer_thenTheySignInToTheSameUsers() throws Exception {
        keycloak.close(); // Keycloak's guide: stop every node before kc.sh export
        Path exportDir = LOGS.resolve("export");
        deleteDirectory(exportDir);
        long start = System.nanoTime();
        Path file = PostgresKeycloak.exportRealm(postgres.jdbcUrl(), realm.name(), exportDir, LOGS.resolve("export.log"));
        long exported = System.nanoTime();
        assertExportHoldsTheRealm(new ObjectMapper().readTree(file.toFile()));

        String freshDatabase = postgres.createDatabase("restored");
        long importing = System.nanoTime();
        PostgresKeycloak.importRealms(freshDatabase, exportDir, LOGS.resolve("import.log"));
        long imported = System.nanoTime();
        keycloak = PostgresKeycloak.start(freshDatabase, port, port, LOGS.resolve("keycloak-restored.log"));
        long started = System.nanoTime();

        assertSignInsFindTheSameUsers("after export and import into a fresh server");
        System.out.printf("RESTORE: kc.sh export %.0f s, kc.sh import into an empty database %.0f s, start %.0f s; then %d users "
                        + "signed in again: the same users, IDs, links, attributes, groups, roles and organizations%n",
                seconds(start, exported), seconds(importing, imported), seconds(imported, started), users.size());
        // A first sign-in on the restored server makes a whole new user through the imported mappers.
        HfUser hedy = huggingFace.addUser(HfUser.withHandle("hedy").name("Hedy Lamarr").email("hedy@example.com")
                .addOrg(HfUser.org(DemoUsers.OTHER_ORG_SUB, "Other Org", "other-org")));
        signIn(realm, hedy);
        RealmState withHedy = RealmState.read(admin(), realm.name());
        assertEquals(signedIn.users().size() + 1, withHedy.users().size(), "one new user: " + withHedy.users().keySet());
        JsonNode hedyUser = withHedy.user("hedy");
        assertEquals(hedy.sub(), hedyUser.get("links").get(0).get("userId").asText());
        assertEquals(List.of("/huggingface/other-org"), texts(hedyUser.get("groups")));
        assertEquals(List.of("other-org"), texts(hedyUser.get("organizations")));
        assertEquals(signedIn.organizations(), withHedy.organizations(), "she joined the restored organization, no new one");
    }

    /** The state survived as it was; every user signs in again to the same user, which then still is as it was. */
    private static void assertSignInsFindTheSameUsers(String when) {
        TestRealm same = realm.through(admin());
        RealmState.read(admin(), realm.name()).assertSameAs(signedIn, when);
        signInEveryone(same);
        RealmState.read(admin(), realm.name()).assertSameAs(signedIn, when + ", once everyone signed in again");
    }

    /**
     * The provider (client ID, secret, the stand-in's URL) and four mappers in FORCE: attributes,
     * organizations to groups, an organization to a realm role, organizations to Keycloak organizations.
     */
    private static TestRealm configuredRealm() {
        TestRealm created = TestRealm.create(new LiveEnvironment.Resources(keycloak, huggingFace, app, admin()));
        huggingFace.registerApp(OAuthApp.confidential(HF_CLIENT_ID, HF_CLIENT_SECRET, created.brokerRedirectUri(),
                "openid", "profile", "email", "read-memberships"));
        created.addHuggingFace(HF_CLIENT_ID, HF_CLIENT_SECRET, Map.of("baseUrl", huggingFace.baseUrl())).expect(201);
        created.enableOrganizations();
        created.createRealmRole(ROLE);
        created.addMapper("pro", "huggingface-user-attribute-mapper",
                Map.of("syncMode", "FORCE", "jsonField", "isPro", "userAttribute", "hf_is_pro"));
        created.addMapper("org handles", "huggingface-user-attribute-mapper",
                Map.of("syncMode", "FORCE", "jsonField", "orgs.preferred_username", "userAttribute", "hf_orgs"));
        created.addMapper("org groups", "huggingface-organization-group-mapper",
                Map.of("syncMode", "FORCE", "parentGroup", "/huggingface"));
        created.addMapper("engineers", "huggingface-organization-role-mapper",
                Map.of("syncMode", "FORCE", "organization", "analytical-engines", "role", ROLE));
        created.addMapper("organizations", "huggingface-organization-member-mapper",
                Map.of("syncMode", "FORCE", "createOrganizations", "true"));
        return created;
    }

    /** What the mappers made at the first sign-ins: the state the test then expects to survive is not empty. */
    private static void assertMapped(RealmState state) {
        assertEquals(List.of("ada", "grace"), List.copyOf(state.users().keySet()));
        for (HfUser user : users) {
            JsonNode links = state.user(user.preferredUsername()).get("links");
            assertEquals(1, links.size(), user.preferredUsername() + ": one link " + links);
            assertEquals(TestRealm.IDP_ALIAS, links.get(0).get("identityProvider").asText());
            assertEquals(user.sub(), links.get(0).get("userId").asText(), "linked by Hugging Face sub");
        }
        JsonNode ada = state.user("ada");
        assertEquals(List.of("false"), texts(ada.path("attributes").path("hf_is_pro")));
        assertEquals(List.of("analytical-engines", "other-org"), texts(ada.path("attributes").path("hf_orgs")));
        assertEquals(List.of("/huggingface/analytical-engines", "/huggingface/other-org"), texts(ada.get("groups")));
        assertTrue(texts(ada.get("realmRoles")).contains(ROLE), ada.toString());
        assertEquals(List.of("analytical-engines", "other-org"), texts(ada.get("organizations")));
        JsonNode grace = state.user("grace");
        assertEquals(List.of("true"), texts(grace.path("attributes").path("hf_is_pro")));
        assertEquals(List.of(), texts(grace.get("groups")));
        assertTrue(!texts(grace.get("realmRoles")).contains(ROLE), grace.toString());
        assertEquals(List.of(), texts(grace.get("organizations")));
        assertEquals(5, state.mappers().size(), state.mappers().keySet().toString());
    }

    /** kc.sh export wrote the provider, its mappers and the users with their Hugging Face links. */
    private static void assertExportHoldsTheRealm(JsonNode export) {
        JsonNode provider = export.get("identityProviders").get(0);
        assertEquals("huggingface", provider.get("providerId").asText());
        assertEquals(HF_CLIENT_ID, provider.get("config").get("clientId").asText());
        // The admin API masks the secret; kc.sh export writes it as it is (the README says so: keep the file secret).
        assertEquals("**********", signedIn.provider().get("config").get("clientSecret").asText());
        assertEquals(HF_CLIENT_SECRET, provider.get("config").get("clientSecret").asText(), "kc.sh export writes the secret itself");
        assertEquals(signedIn.mappers().keySet().size(), export.get("identityProviderMappers").size());
        List<String> links = new ArrayList<>();
        export.get("users").forEach(user -> user.path("federatedIdentities")
                .forEach(link -> links.add(user.get("username").asText() + "=" + link.get("userId").asText())));
        assertEquals(List.of("ada=" + DemoUsers.ADA_SUB, "grace=" + DemoUsers.GRACE_SUB), links.stream().sorted().toList());
    }

    private static void signInEveryone(TestRealm target) {
        users.forEach(user -> signIn(target, user));
    }

    /** A browser of its own, so Keycloak's SSO cookie of another sign-in plays no part. */
    private static void signIn(TestRealm target, HfUser user) {
        try (Browser browser = new Browser()) {
            SignInFlow.signIn(browser, target, app, huggingFace, user.preferredUsername());
        }
    }

    /** The admin API of whichever server answers now (a restarted or restored one does not know older tokens). */
    private static AdminClient admin() {
        return new AdminClient(keycloak.baseUrl());
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static void deleteDirectory(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
