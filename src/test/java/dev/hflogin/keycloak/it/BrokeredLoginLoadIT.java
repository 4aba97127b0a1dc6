package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many brokered logins at once, through {@link HttpLoginFlow} (plain HTTP, no browser): every one must
 * succeed, and each Hugging Face user must end up with exactly one Keycloak account.
 */
@ExtendWith(LiveEnvironment.class)
class BrokeredLoginLoadIT {

    private static final int USERS = 200;
    private static final int CLIENTS = 8;
    /** Per round; a round normally takes a fraction of this. */
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(90);

    @Test
    void given200HuggingFaceUsersAnd8Clients_thenEveryLoginSucceedsAndEachUserGetsExactlyOneAccount() throws Exception {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        List<String> handles = IntStream.range(0, USERS).mapToObj(i -> hf.handle("load" + i)).toList();
        handles.forEach(handle -> hf.huggingFace().addUser(HfUser.withHandle(handle).name("Load " + handle)));
        String authUrl = hf.realm().authorizationUrl(LiveEnvironment.get().app().redirectUri());
        HttpLoginFlow flow = new HttpLoginFlow();

        LoadRound firstLogins = LoadRound.run(flow, authUrl, handles, CLIENTS, ROUND_LIMIT);
        System.out.println(firstLogins.summary("LOAD"));
        assertEquals(List.of(), firstLogins.errors());
        List<JsonNode> users = hf.realm().users();
        assertEquals(USERS, users.size(), "one account per Hugging Face user");
        assertEquals(Set.copyOf(handles), users.stream().map(u -> u.get("username").asText()).collect(Collectors.toSet()));

        LoadRound returning = LoadRound.run(flow, authUrl, handles, CLIENTS, ROUND_LIMIT);
        System.out.println(returning.summary("LOAD (returning users)"));
        assertEquals(List.of(), returning.errors());
        assertEquals(USERS, hf.realm().users().size(), "returning users get no second account");

        SecurityCases.observe("load-200-logins-8-clients", "200 distinct Hugging Face users, 8 concurrent clients, twice",
                "accepted: 200/200 first logins made 200 users; 200/200 returning logins made none");
    }
}
