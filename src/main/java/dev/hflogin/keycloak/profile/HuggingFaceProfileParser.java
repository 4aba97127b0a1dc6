package dev.hflogin.keycloak.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.orgs.HuggingFaceOrganization;
import dev.hflogin.keycloak.orgs.OrganizationRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns Hugging Face claims (JSON) into a {@link HuggingFaceProfile}. Lenient about fields that come
 * and go, strict about the ones identity rests on: a missing {@code sub} is an error.
 */
public final class HuggingFaceProfileParser {

    /** Keycloak's context key for userinfo claims ({@code OIDCIdentityProvider.USER_INFO}). */
    public static final String USER_INFO_KEY = "UserInfo";

    /** The user's organizations; sent only with scope read-memberships. */
    public static final String ORGS_CLAIM = "orgs";

    /** Keycloak stores the federated user ID and username in 255-character columns. */
    static final int MAX_IDENTIFIER_LENGTH = 255;

    private static final Pattern ORG_HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    private HuggingFaceProfileParser() {
    }

    /**
     * Merges userinfo over the ID token's claims: userinfo is HF's fuller and fresher view, the ID
     * token fills in what userinfo leaves out. The merged object is new; its values are userinfo's own
     * nodes, not copies (nothing changes them: the provider only adds or replaces top-level claims of the
     * merged object, and the merged claims replace userinfo in the login's context). Organizations that
     * HF describes with deprecated fields only get the current ones too ({@link OrganizationClaims}).
     */
    public static ObjectNode merge(Map<String, Object> idTokenClaims, JsonNode userInfo) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        if (idTokenClaims != null) {
            // valueToTree turns every claim value into a plain JSON node.
            merged.setAll((ObjectNode) ProfileJson.MAPPER.valueToTree(idTokenClaims));
        }
        if (userInfo != null && userInfo.isObject()) {
            merged.setAll((ObjectNode) userInfo);
        }
        JsonNode orgs = merged.get(ORGS_CLAIM);
        JsonNode current = OrganizationClaims.inCurrentNames(orgs);
        if (current != orgs) {
            merged.set(ORGS_CLAIM, current); // a copy: userinfo keeps HF's deprecated shape
        }
        return merged;
    }

    /**
     * The profile of a login in progress, from the merged claims the provider stores under
     * Keycloak's {@code UserInfo} context key; empty when there are none or they are unusable.
     * Parsed once per Keycloak request ({@link ParsedInThisRequest}).
     */
    public static Optional<HuggingFaceProfile> fromContext(Map<String, Object> contextData) {
        Object claims = contextData.get(USER_INFO_KEY);
        if (!(claims instanceof JsonNode json)) {
            return Optional.empty();
        }
        return ParsedInThisRequest.profile(json, () -> {
            try {
                return Optional.of(parse(json));
            } catch (InvalidProfileException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The provider's own parse of the claims it is about to store in the login's context, final: later
     * {@link #fromContext} calls in the same request use it instead of parsing again.
     */
    public static void storedInContext(HuggingFaceProfile profile) {
        ParsedInThisRequest.remember(profile);
    }

    /**
     * @throws InvalidProfileException when the claims carry no usable {@code sub}, or a {@code sub} or
     *                                 username longer than Keycloak can store
     */
    public static HuggingFaceProfile parse(JsonNode claims) {
        if (claims == null || !claims.isObject()) {
            throw new InvalidProfileException("Hugging Face returned no claims object");
        }
        String subject = text(claims, "sub");
        if (subject == null) {
            throw new InvalidProfileException("Hugging Face claims have no 'sub'");
        }
        JsonNode orgs = claims.get(ORGS_CLAIM);
        boolean orgsPresent = orgs != null && orgs.isArray();
        HuggingFaceProfile profile = new HuggingFaceProfile(
                subject,
                text(claims, "preferred_username"),
                text(claims, "name"),
                text(claims, "email"),
                claims.path("email_verified").isBoolean() && claims.get("email_verified").booleanValue(),
                orgsPresent ? organizations(orgs) : List.of(),
                orgsPresent,
                claims);
        // Checked here rather than failing at the database after the user has filled in forms.
        if (subject.length() > MAX_IDENTIFIER_LENGTH || profile.username().length() > MAX_IDENTIFIER_LENGTH) {
            throw new InvalidProfileException("Hugging Face 'sub' or username is longer than "
                    + MAX_IDENTIFIER_LENGTH + " characters");
        }
        return profile;
    }

    private static List<HuggingFaceOrganization> organizations(JsonNode orgs) {
        List<HuggingFaceOrganization> result = new ArrayList<>();
        for (JsonNode org : orgs) {
            if (!org.isObject()) {
                continue; // an entry of an unexpected type names no organization
            }
            String id = text(org, "sub");
            String handle = organizationHandle(org);
            if (id == null && handle == null) {
                continue;
            }
            result.add(new HuggingFaceOrganization(id, handle, OrganizationRole.parse(text(org, "roleInOrg")), text(org, "name"),
                    OrganizationClaims.plan(org), OrganizationClaims.securityRestrictions(org),
                    OrganizationClaims.resourceGroups(org)));
        }
        return List.copyOf(result);
    }

    /**
     * The org handle if it looks like one Hugging Face issues (letters, digits, '-', '_', '.'; starting
     * with a letter or digit), else null: the group mapper names groups after handles, and a value such
     * as {@code ../admins} or one with a slash must not reach it.
     */
    private static String organizationHandle(JsonNode org) {
        String handle = text(org, "preferred_username");
        return handle != null && ORG_HANDLE.matcher(handle).matches() ? handle : null;
    }

    /** A non-blank string value, or null: numbers and objects where a string belongs are ignored. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        return value.textValue().trim();
    }
}
