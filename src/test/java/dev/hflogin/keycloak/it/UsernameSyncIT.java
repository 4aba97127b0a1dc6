package dev.hflogin.keycloak.it;

import dev.hflogin.keycloak.it.standin.HfUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With sync mode FORCE a Keycloak username follows a rename on Hugging Face only when it still is
 * the user's previous Hugging Face handle, only onto a username the realm's rules accept and nobody
 * else has, and without the handle in the server log.
 */
@ExtendWith(LiveEnvironment.class)
class UsernameSyncIT {

    @Test
    void givenALocalAccountLinkedToHuggingFace_whenSigningInWithForce_thenItsUsernameIsKept() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("syncMode", "FORCE"));
        HfUser ada = hf.ada();
        String local = hf.handle("john.smith");
        hf.realm().createUser(local, hf.handle("john") + "@example.com", "local-password-1");
        String id = hf.realm().user(local).get("id").asText();
        hf.realm().linkHuggingFace(id, ada.sub(), ada.preferredUsername());

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        assertEquals(id, hf.realm().user(local).get("id").asText(), "the local account keeps its username");
        assertEquals(1, hf.realm().users().size());
        SecurityCases.observe("username-linked-local-account", "a local account (`john.smith`) linked to the Hugging Face account signs in",
                "accepted: signed in to the linked account; its username is not replaced by the handle");
    }

    @Test
    void givenAUsernameMadeByTheUsernameTemplateImporter_whenSigningInAgainWithForce_thenItKeepsItsPrefix() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("syncMode", "FORCE"));
        hf.realm().addMapper("username", "oidc-username-idp-mapper",
                Map.of("syncMode", "IMPORT", "template", "hf.${CLAIM.preferred_username}"));
        HfUser ada = hf.ada();
        String templated = "hf." + ada.preferredUsername();

        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());
        String id = hf.realm().user(templated).get("id").asText();
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        assertEquals(id, hf.realm().user(templated).get("id").asText(), "still hf.<handle> after the second sign-in");
        SecurityCases.observe("username-template-prefix", "username made by Keycloak's Username Template Importer (`hf.${CLAIM.preferred_username}`), second sign-in",
                "accepted: signed in; the templated username keeps its prefix at later sign-ins");
    }

    @Test
    void givenARenameOntoAnotherUsersUsername_thenTheUsernameIsKeptTheOtherUserUntouchedAndTheLogNamesNoHandle()
            throws IOException {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("syncMode", "FORCE"));
        HfUser ada = hf.ada();
        String oldHandle = ada.preferredUsername();
        assertTrue(Attempt.signIn(hf, oldHandle).end().inApp());
        String adaId = hf.realm().user(oldHandle).get("id").asText();
        String taken = hf.handle("countess");
        hf.realm().createUser(taken, hf.handle("someone") + "@example.com", "local-password-1");
        String otherId = hf.realm().user(taken).get("id").asText();

        ada.rename(taken);
        assertTrue(Attempt.signIn(hf, taken).end().inApp(), "the sign-in itself succeeds");

        assertEquals(adaId, hf.realm().user(oldHandle).get("id").asText(), "Ada keeps her username");
        assertEquals(otherId, hf.realm().user(taken).get("id").asText(), "the other user keeps theirs");
        assertEquals(0, hf.realm().federatedIdentities(otherId).size(), "and is linked to nothing");
        String log = Files.readString(LiveEnvironment.get().keycloak().logFile());
        assertTrue(log.contains("Hugging Face rename not followed for user " + adaId), "the refusal is logged by user ID");
        assertFalse(log.contains(taken), "the handle is not written to the log");
        SecurityCases.observe("username-rename-onto-taken-username", "renamed on Hugging Face to the username of another Keycloak user",
                "accepted: signed in; username kept, the other user untouched; logged by user ID without the handle");
    }

    @Test
    void givenAHandleTheRealmsUsernameRulesRefuse_thenTheUsernameIsKept() {
        HuggingFaceFixture hf = new HuggingFaceFixture().withProvider(Map.of("syncMode", "FORCE"));
        HfUser ada = hf.ada();
        String oldHandle = ada.preferredUsername();
        assertTrue(Attempt.signIn(hf, oldHandle).end().inApp());
        hf.realm().limitUsernameLength(20);

        ada.rename(hf.handle("a-handle-longer-than-twenty"));
        assertTrue(Attempt.signIn(hf, ada.preferredUsername()).end().inApp());

        assertEquals(1, hf.realm().users().size());
        assertEquals(oldHandle, hf.realm().user(oldHandle).get("username").asText(), "the realm allows at most 20 characters");
        SecurityCases.observe("username-rename-refused-by-profile-rules", "renamed to a handle longer than the realm's username rules allow",
                "accepted: signed in; username kept when the realm's username rules refuse the new handle");
    }
}
