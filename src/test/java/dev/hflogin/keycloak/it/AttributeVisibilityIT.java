package dev.hflogin.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static dev.hflogin.keycloak.it.HuggingFaceLoginIT.textList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a realm with Keycloak's default user profile (attributes it does not declare are hidden and
 * dropped), an admin who adds the attribute mapper sees the attribute on the user after the next
 * sign-in, with no other step: the mapper declares it in the user profile, for admins.
 */
@ExtendWith(LiveEnvironment.class)
class AttributeVisibilityIT {

    @Test
    void givenTheDefaultUserProfile_whenAUserSignsIn_thenTheMappedAttributesAreDeclaredAndShownOnTheUser() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        hf.realm().useDefaultUserProfilePolicy();
        hf.realm().addMapper("avatar", "huggingface-user-attribute-mapper",
                Map.of("syncMode", "INHERIT", "jsonField", "picture", "userAttribute", "picture"));
        hf.realm().addMapper("pro", "huggingface-user-attribute-mapper",
                Map.of("syncMode", "INHERIT", "jsonField", "isPro", "userAttribute", "hf_is_pro"));
        assertFalse(hf.realm().declaredAttributes().contains("picture"), "not declared before the sign-in");
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        JsonNode user = hf.realm().user(ada.preferredUsername());
        assertEquals(List.of(ada.picture()), textList(user.path("attributes").path("picture")));
        assertEquals(List.of("true"), textList(user.path("attributes").path("hf_is_pro")));
        assertTrue(hf.realm().declaredAttributes().containsAll(List.of("picture", "hf_is_pro")));
    }

    @Test
    void givenDeclaringSwitchedOff_thenTheRealmsProfileIsLeftAlone() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of());
        hf.realm().useDefaultUserProfilePolicy();
        hf.realm().addMapper("avatar", "huggingface-user-attribute-mapper", Map.of("syncMode", "INHERIT",
                "jsonField", "picture", "userAttribute", "hf_avatar_undeclared", "declareInUserProfile", "false"));
        HfUser ada = hf.ada();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        // Whether Keycloak then shows the undeclared attribute is Keycloak's business (26.4+ hide it, 26.0-26.1 do not).
        assertFalse(hf.realm().declaredAttributes().contains("hf_avatar_undeclared"));
    }
}
