package dev.hflogin.keycloak.refusals;

/**
 * The check a Hugging Face sign-in failed: what the admin reads in the error event ({@link #detail()},
 * stored as the event's {@code reason}) and the page the user reads ({@link #messageKey()}, a key of
 * theme-resources/messages). Neither ever carries a token or a claim value.
 */
public enum FailedCheck {

    ID_TOKEN_SIGNATURE("id_token_signature", FailedCheck.INVALID_ID_TOKEN),
    ID_TOKEN_ISSUER("id_token_issuer", FailedCheck.INVALID_ID_TOKEN),
    ID_TOKEN_AUDIENCE("id_token_audience", FailedCheck.INVALID_ID_TOKEN),
    ID_TOKEN_EXPIRED("id_token_expired", FailedCheck.INVALID_ID_TOKEN),
    /** no {@code sub}, {@code iat} or {@code exp} */
    ID_TOKEN_CLAIMS_MISSING("id_token_claims_missing", FailedCheck.INVALID_ID_TOKEN),
    /** absent, not a JWT, or not readable */
    ID_TOKEN_MALFORMED("id_token_malformed", FailedCheck.INVALID_ID_TOKEN),
    ID_TOKEN_NONCE("id_token_nonce", FailedCheck.INVALID_NONCE),
    USERINFO_SUBJECT("userinfo_subject", FailedCheck.INVALID_PROFILE),
    PROFILE("profile_invalid", FailedCheck.INVALID_PROFILE),
    ORGANIZATION("organization_not_allowed", FailedCheck.ORGANIZATION_NOT_ALLOWED),
    /** in an allowed organization only with securityRestrictions not met (when the admin enforces them) */
    SECURITY_RESTRICTIONS("organization_security_restrictions", FailedCheck.SECURITY_RESTRICTIONS_NOT_MET),
    SCOPE("scope_not_granted", FailedCheck.SCOPE_NOT_GRANTED),
    /** HF's token endpoint answered with an error status, or not in time */
    TOKEN_ENDPOINT("token_endpoint_failed", FailedCheck.UNAVAILABLE),
    /** HF's token endpoint answered 2xx with something that is not a token response */
    TOKEN_RESPONSE("token_response_invalid", FailedCheck.UNAVAILABLE),
    /** HF's JWKS could not be fetched, so the signature could not be checked */
    JWKS("jwks_unavailable", FailedCheck.UNAVAILABLE),
    /** HF's userinfo answered with an error status, not in time, or not with JSON */
    USERINFO("userinfo_failed", FailedCheck.UNAVAILABLE),
    /** HF sent the browser back with an OAuth error (e.g. invalid_scope) instead of a code */
    AUTHORIZATION("huggingface_error", FailedCheck.AUTHORIZATION_REFUSED);

    /** The event detail that carries {@link #detail()}. */
    public static final String EVENT_DETAIL = "reason";

    /** Message keys of the pages: every one names Hugging Face and says what the user can do. */
    public static final String ORGANIZATION_NOT_ALLOWED = "huggingfaceOrganizationNotAllowed";
    public static final String SECURITY_RESTRICTIONS_NOT_MET = "huggingfaceSecurityRestrictions";
    public static final String INVALID_PROFILE = "huggingfaceInvalidProfile";
    public static final String INVALID_NONCE = "huggingfaceInvalidNonce";
    public static final String SCOPE_NOT_GRANTED = "huggingfaceScopeNotGranted";
    public static final String INVALID_ID_TOKEN = "huggingfaceInvalidIdToken";
    public static final String UNAVAILABLE = "huggingfaceUnavailable";
    public static final String AUTHORIZATION_REFUSED = "huggingfaceAuthorizationRefused";

    private final String detail;
    private final String messageKey;

    FailedCheck(String detail, String messageKey) {
        this.detail = detail;
        this.messageKey = messageKey;
    }

    public String detail() {
        return detail;
    }

    public String messageKey() {
        return messageKey;
    }

    /** Hugging Face failed or was unreachable, rather than the sign-in being refused on its merits. */
    public boolean upstreamFault() {
        return UNAVAILABLE.equals(messageKey);
    }
}
