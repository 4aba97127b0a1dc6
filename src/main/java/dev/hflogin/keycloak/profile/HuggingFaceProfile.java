package dev.hflogin.keycloak.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;

import java.util.List;
import java.util.Optional;

/**
 * What this extension reads from a Hugging Face user's claims. The complete claim set is kept in
 * {@link #claims()} for mappers.
 *
 * @param subject           {@code sub}: the stable user ID and the only safe federated key
 * @param handle            {@code preferred_username}: changes when the user renames
 * @param emailVerified     true only when HF sent {@code email_verified: true}
 * @param organizations     empty when the claim is absent; see {@link #organizationsPresent()}
 * @param organizationsPresent whether HF sent an {@code orgs} array at all
 */
public record HuggingFaceProfile(
        String subject,
        String handle,
        String fullName,
        String email,
        boolean emailVerified,
        List<HuggingFaceOrganization> organizations,
        boolean organizationsPresent,
        JsonNode claims) {

    public PersonName personName() {
        return PersonName.split(fullName);
    }

    /** The Keycloak username: the handle, else the email, else the subject (Keycloak's fallback order). */
    public String username() {
        return Optional.ofNullable(handle).or(() -> Optional.ofNullable(email)).orElse(subject);
    }
}
