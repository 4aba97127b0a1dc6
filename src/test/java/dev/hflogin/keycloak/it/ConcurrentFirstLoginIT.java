package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members of an organization new to the realm signing in at the same moment all race to create its
 * group: the stand-in holds their userinfo answers until all have asked, and the test checks that a
 * creation did collide. Every sign-in must succeed, the realm must end with one group per organization, and no user
 * may be left half-made (an account without its Hugging Face link cannot sign in again).
 */
@ExtendWith(LiveEnvironment.class)
class ConcurrentFirstLoginIT {

    private static final int ORGANIZATIONS = 3;
    private static final int MEMBERS = 8;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(90);

    @Test
    void givenMembersOfABrandNewOrganizationSigningInAtOnce_thenAllSucceedWithOneGroupAndNoHalfMadeUser() throws Exception {
        // read-memberships named explicitly, so that the same test shows the race on builds that did
        // not yet ask for it on their own when an organization mapper exists
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("additionalScopes", "read-memberships"));
        hf.realm().addMapper("orgs", "huggingface-organization-group-mapper", Map.of("syncMode", "INHERIT"));
        String authUrl = hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri());
        HttpLoginFlow flow = new HttpLoginFlow();
        List<String> everyone = new ArrayList<>();
        List<String> organizations = new ArrayList<>();
        long collisions = 0;

        for (int o = 0; o < ORGANIZATIONS; o++) {
            String org = hf.handle("new-org-" + o);
            String orgId = String.format(Locale.ROOT, "%024x", System.nanoTime() + o);
            List<String> members = IntStream.range(0, MEMBERS).mapToObj(i -> hf.handle("m" + i + "-of-" + org)).toList();
            members.forEach(handle -> hf.huggingFace().addUser(HfUser.withHandle(handle).name("Member " + handle))
                    .addOrg(HfUser.org(orgId, "New Org", org)));

            // Every member's userinfo answer is held until all have asked: the sign-ins reach the mapper together.
            hf.huggingFace().behaviour().holdUserInfoUntil(MEMBERS, Duration.ofSeconds(30));
            LoadRound round = LoadRound.run(flow, authUrl, members, MEMBERS, ROUND_LIMIT);
            collisions += CreationRaces.lostFor(orgId);

            assertEquals(List.of(), round.errors(), "every member of " + org + " signed in");
            organizations.add(org);
            everyone.addAll(members);
        }

        assertTrue(collisions >= 1, "at least one group creation collided with another (else this test raced nothing)");
        assertEquals(organizations.stream().sorted().toList(), hf.realm().subGroupNames("/huggingface").stream().sorted().toList(),
                "one group per organization");
        List<JsonNode> users = hf.realm().users();
        assertEquals(everyone.size(), users.size(), "one account per member");
        for (JsonNode user : users) {
            String id = user.get("id").asText();
            assertEquals(1, hf.realm().federatedIdentities(id).size(), "linked to Hugging Face: " + user.get("username"));
            assertEquals(1, hf.realm().groupPaths(id).size(), "in its organization's group: " + user.get("username"));
        }
        SecurityCases.observe("concurrent-first-logins-new-org", "8 members of an organization new to the realm sign in at the same moment (3 organizations in turn), group mapper creating groups",
                "accepted: " + ORGANIZATIONS + " new organizations, "
                + MEMBERS + " members each signing in at once: at least one creation collided; all signed in, one group per "
                + "organization, every user linked and in it");
    }
}
