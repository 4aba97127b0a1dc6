package dev.hflogin.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.doors.InheritedDoors;
import dev.hflogin.keycloak.keys.FreshSigningKeys;
import dev.hflogin.keycloak.login.GrantedScopes;
import dev.hflogin.keycloak.login.LegacyTrustEmailGuard;
import dev.hflogin.keycloak.mappers.OrganizationMappers;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import dev.hflogin.keycloak.profile.HuggingFaceProfileParser;
import dev.hflogin.keycloak.profile.InvalidProfileException;
import dev.hflogin.keycloak.profile.PersonName;
import dev.hflogin.keycloak.refusals.CodeExchangeWatch;
import dev.hflogin.keycloak.refusals.FailedCheck;
import dev.hflogin.keycloak.refusals.IdTokenFailure;
import dev.hflogin.keycloak.refusals.RefusalPage;
import dev.hflogin.keycloak.refusals.SignInRefused;
import dev.hflogin.keycloak.refusals.WatchedCallback;
import dev.hflogin.keycloak.tokens.HubTokenAnswers;
import dev.hflogin.keycloak.tokens.HubTokenResult;
import dev.hflogin.keycloak.tokens.HubTokenService;
import dev.hflogin.keycloak.tokens.StoredHubToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.broker.provider.TrustMaterialRequest;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.ClientModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.JWTAuthorizationGrantValidationContext;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sign in with Hugging Face: Keycloak's OIDC broker with Hugging Face's endpoints, strict ID-token
 * checks, PKCE, HF's claim rules and an optional organization allow-list.
 */
public class HuggingFaceIdentityProvider extends OIDCIdentityProvider
        implements SocialIdentityProvider<OIDCIdentityProviderConfig> {

    /** The auth-session note where Keycloak's OIDC broker keeps the nonce it sent. */
    private static final String BROKER_NONCE_NOTE = "BROKER_NONCE";
    /**
     * The auth-session note (followed by the alias) holding the scope this provider sent to HF. An auth
     * note, not a client note: it is needed only until the callback, and client notes travel in
     * Keycloak's restart cookie.
     */
    private static final String REQUESTED_SCOPE_NOTE_PREFIX = "huggingface.requestedScope.";

    private static final Logger LOG = Logger.getLogger(HuggingFaceIdentityProvider.class);
    private static final String ORG_IDS_PARAM = "orgIds";
    private static final String SIGNATURE_ALGORITHM = "RS256";

    /** What the last ID token check found about the signature (null: not reached). */
    private FreshSigningKeys.Verdict signature;
    /** The callback being answered, where Keycloak lets the provider follow it (26.5+), else null. */
    private CodeExchangeWatch codeExchange;

    public HuggingFaceIdentityProvider(KeycloakSession session, HuggingFaceIdentityProviderConfig config) {
        super(session, config);
        config.applyEnforcedSettings();
    }

    @Override
    public HuggingFaceIdentityProviderConfig getConfig() {
        return (HuggingFaceIdentityProviderConfig) super.getConfig();
    }

    @Override
    protected String getDefaultScopes() {
        return HuggingFaceScopes.DEFAULT;
    }

    @Override
    protected UriBuilder createAuthorizationUrl(AuthenticationRequest request) {
        UriBuilder uri = super.createAuthorizationUrl(request);
        String scope = getConfig().getEffectiveScope(this::organizationMappers);
        uri.replaceQueryParam(OAUTH2_PARAMETER_SCOPE, scope);
        // The callback reads what was asked for here instead of looking the mappers up again.
        request.getAuthenticationSession().setAuthNote(requestedScopeNote(), scope);
        OrganizationAllowList allowList = getConfig().getAllowedOrganizations();
        if (!allowList.organizationIds().isEmpty()) {
            uri.queryParam(ORG_IDS_PARAM, String.join(",", allowList.organizationIds()));
        }
        return uri;
    }

    /**
     * Only RS256 signatures from HF's JWKS count, whatever the stored config says: the config
     * enforces signature validation, so Keycloak's check always runs (calling it through
     * {@code super.verify} keeps the JAR working on Keycloak 26.4, which lacks {@code verifySignature}).
     */
    @Override
    protected boolean verify(JWSInput jws) {
        signature = FreshSigningKeys.Verdict.NOT_SIGNED;
        if (!SIGNATURE_ALGORITHM.equals(jws.getHeader().getRawAlgorithm())) {
            LOG.debugf("Hugging Face token refused: algorithm %s is not %s",
                    jws.getHeader().getRawAlgorithm(), SIGNATURE_ALGORITHM);
            return false;
        }
        if (!getConfig().isValidateSignature()) {
            return false;
        }
        // Keycloak's key cache first; when it does not know the key (HF rotated less than 10 s after
        // Keycloak last fetched the JWKS), HF's current JWKS, fetched by the provider at most once a second.
        signature = super.verify(jws) ? FreshSigningKeys.Verdict.SIGNED : FreshSigningKeys.verify(session,
                session.getContext().getRealm().getId() + "|" + getConfig().getAlias(), getConfig().getJwksUrl(), jws);
        return signature == FreshSigningKeys.Verdict.SIGNED;
    }

    /**
     * On top of Keycloak's checks (signature, expiry, audience, issuer): sub, iat and exp must be there.
     * A refusal names the check that failed ({@link IdTokenFailure}).
     */
    @Override
    protected JsonWebToken validateToken(String encodedToken, boolean ignoreAudience) {
        signature = null;
        JsonWebToken token;
        try {
            token = super.validateToken(encodedToken, ignoreAudience);
        } catch (IdentityBrokerException e) {
            HuggingFaceIdentityProviderConfig config = getConfig();
            throw new SignInRefused(IdTokenFailure.of(signature, encodedToken, ignoreAudience ? null : config.getClientId(),
                    config.getIssuer(), config.getAllowedClockSkew()), e);
        }
        if (token.getSubject() == null || token.getSubject().isBlank()) {
            throw new SignInRefused(FailedCheck.ID_TOKEN_CLAIMS_MISSING, "Hugging Face ID token has no subject");
        }
        if (token.getIat() == null) {
            throw new SignInRefused(FailedCheck.ID_TOKEN_CLAIMS_MISSING, "Hugging Face ID token has no issued-at time");
        }
        if (token.getExp() == null) {
            throw new SignInRefused(FailedCheck.ID_TOKEN_CLAIMS_MISSING, "Hugging Face ID token has no expiry");
        }
        return token;
    }

    /**
     * Every refusal while HF's answer is read ends on a page that names Hugging Face and an event whose
     * {@code reason} names the check ({@link RefusalPage}); a refusal Keycloak gives its own message keeps it.
     */
    @Override
    public BrokeredIdentityContext getFederatedIdentity(String response) {
        if (codeExchange != null) {
            codeExchange.tokenResponseRead();
        }
        try {
            return super.getFederatedIdentity(response);
        } catch (SignInRefused refused) {
            throw refusal(refused);
        } catch (IdentityBrokerException e) {
            if (e.getMessageCode() != null) {
                throw e;
            }
            // Keycloak's own reading of the token response (not JSON, no access token) failed.
            throw refusal(new SignInRefused(FailedCheck.TOKEN_RESPONSE, e));
        }
    }

    private RuntimeException refusal(SignInRefused refused) {
        return RefusalPage.of(session, getConfig().getAlias(), refused, codeExchange == null ? null : codeExchange.event());
    }

    /**
     * Keycloak 26.5+ (earlier versions call a method of another signature, and keep their own endpoint):
     * the callback endpoint lets the provider name the token endpoint failing and HF's own errors
     * ({@link CodeExchangeWatch}).
     */
    @Override
    public Object callback(RealmModel realm, UserAuthenticationIdentityProvider.AuthenticationCallback callback,
                           EventBuilder event) {
        codeExchange = new CodeExchangeWatch(session, getConfig().getAlias(), event);
        return new CallbackEndpoint(callback, realm, event, this, codeExchange);
    }

    /** Keycloak's OIDC callback endpoint, followed by a {@link CodeExchangeWatch}. */
    protected static final class CallbackEndpoint extends OIDCEndpoint {

        private final CodeExchangeWatch watch;

        CallbackEndpoint(UserAuthenticationIdentityProvider.AuthenticationCallback callback, RealmModel realm,
                         EventBuilder event, HuggingFaceIdentityProvider provider, CodeExchangeWatch watch) {
            super(new WatchedCallback(callback, watch), realm, event, provider);
            this.watch = watch;
        }

        @GET
        @Override
        public Response authResponse(@QueryParam(OAUTH2_PARAMETER_STATE) String state,
                                     @QueryParam(OAUTH2_PARAMETER_CODE) String authorizationCode,
                                     @QueryParam(OAuth2Constants.ERROR) String error,
                                     @QueryParam(OAuth2Constants.ERROR_DESCRIPTION) String errorDescription) {
            watch.callbackArrived(authorizationCode, error);
            return watch.answer(super.authResponse(state, authorizationCode, error, errorDescription));
        }
    }

    @Override
    protected BrokeredIdentityContext extractIdentity(AccessTokenResponse tokenResponse, String accessToken,
                                                      JsonWebToken idToken) throws IOException {
        requireNonceOfThisLogin(idToken);
        boolean membershipsRequested = membershipsRequested();
        requireGrantedScopes(tokenResponse, membershipsRequested);
        BrokeredIdentityContext identity = identityWithUserInfo(tokenResponse, accessToken, idToken);
        JsonNode userInfo = (JsonNode) identity.getContextData().get(USER_INFO);
        if (userInfo == null || !idToken.getSubject().equals(userInfo.path("sub").asText(null))) {
            throw new SignInRefused(FailedCheck.USERINFO_SUBJECT, "Hugging Face userinfo is missing or names another subject");
        }

        HuggingFaceProfile profile = parse(idToken, userInfo);
        OrganizationAllowList.Decision decision = getConfig().getAllowedOrganizations().decide(profile);
        if (decision != OrganizationAllowList.Decision.ADMITTED) {
            LOG.infof("Hugging Face login refused for alias %s: %s", getConfig().getAlias(), decision);
            FailedCheck check = decision == OrganizationAllowList.Decision.SECURITY_RESTRICTIONS
                    ? FailedCheck.SECURITY_RESTRICTIONS : FailedCheck.ORGANIZATION;
            throw new SignInRefused(check, "Hugging Face user is not in an allowed organization: " + decision);
        }
        if (membershipsRequested && !profile.organizationsPresent()) {
            // Asked for and not sent: the user is a member of no organization we may count, so the
            // organization mappers take away what they granted instead of keeping it.
            ((ObjectNode) profile.claims()).putArray(HuggingFaceProfileParser.ORGS_CLAIM);
        } else {
            HuggingFaceProfileParser.storedInContext(profile); // the claims are final: parsed once for this request
        }
        applyProfile(identity, profile);
        if (identity.getToken() != null) {
            // The absolute expiry lets the stored grant be refreshed in time on every Keycloak version.
            identity.setToken(StoredHubToken.parse(identity.getToken()).withExpiry(Time.currentTime()).serialize());
        }
        LegacyTrustEmailGuard.apply(session.getContext().getAuthenticationSession(), profile.emailVerified());
        return identity;
    }

    /** Keycloak's userinfo call; HF failing there (an error status, a timeout, not JSON) is named as such. */
    private BrokeredIdentityContext identityWithUserInfo(AccessTokenResponse tokenResponse, String accessToken,
                                                         JsonWebToken idToken) {
        try {
            return super.extractIdentity(tokenResponse, accessToken, idToken);
        } catch (IOException | RuntimeException e) {
            throw new SignInRefused(FailedCheck.USERINFO, e);
        }
    }

    /**
     * Whether this login asked HF for the user's organizations (allow-list or organization mappers): the
     * scope sent from this provider's authorize URL, else (no browser login, or one started before an
     * upgrade) what the configuration asks for now.
     */
    private boolean membershipsRequested() {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        String requested = authSession == null ? null : authSession.getAuthNote(requestedScopeNote());
        return HuggingFaceScopes.includesMemberships(
                requested != null ? requested : getConfig().getEffectiveScope(this::organizationMappers));
    }

    /** Per alias, so two Hugging Face providers in one realm never read each other's. */
    private String requestedScopeNote() {
        return REQUESTED_SCOPE_NOTE_PREFIX + getConfig().getAlias();
    }

    private boolean organizationMappers() {
        return OrganizationMappers.configuredFor(session, getConfig().getAlias());
    }

    /**
     * Where HF reports the scopes it granted, the ones this provider depends on must be among them: a
     * user who removed {@code read-memberships} from the authorize URL must not pass as a member of
     * nothing, nor keep the groups and roles of organizations they left.
     */
    private void requireGrantedScopes(AccessTokenResponse tokenResponse, boolean membershipsRequested) {
        List<String> required = new ArrayList<>(List.of(HuggingFaceScopes.OPENID));
        if (membershipsRequested) {
            required.add(HuggingFaceScopes.READ_MEMBERSHIPS);
        }
        List<String> missing = GrantedScopes.of(tokenResponse == null ? null : tokenResponse.getScope()).missing(required);
        if (!missing.isEmpty()) {
            LOG.infof("Hugging Face login refused for alias %s: scopes not granted %s", getConfig().getAlias(), missing);
            throw new SignInRefused(FailedCheck.SCOPE, "Hugging Face did not grant the scopes " + missing);
        }
    }

    /**
     * Keycloak checks the nonce only later, and answers a mismatch with a bare JSON error; checked
     * here it gets the error page and event every other refusal gets. Keycloak's own check still runs.
     */
    private void requireNonceOfThisLogin(JsonWebToken idToken) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null) {
            return; // not a browser login (e.g. token exchange): nothing was sent, nothing to compare
        }
        String expected = authSession.getClientNote(BROKER_NONCE_NOTE);
        Object received = idToken.getOtherClaims().get(OIDCLoginProtocol.NONCE_PARAM);
        if (expected == null || !expected.equals(received)) {
            throw new SignInRefused(FailedCheck.ID_TOKEN_NONCE, "Hugging Face ID token does not carry the nonce of this login");
        }
    }

    private static HuggingFaceProfile parse(JsonWebToken idToken, JsonNode userInfo) {
        Map<String, Object> idTokenClaims = new HashMap<>(idToken.getOtherClaims());
        idTokenClaims.put("sub", idToken.getSubject());
        ObjectNode claims = HuggingFaceProfileParser.merge(idTokenClaims, userInfo);
        try {
            return HuggingFaceProfileParser.parse(claims);
        } catch (InvalidProfileException e) {
            throw new SignInRefused(FailedCheck.PROFILE, e.getMessage());
        }
    }

    /** HF's identity rules: the federated key is sub, the username the handle; names split by {@link PersonName}. */
    private void applyProfile(BrokeredIdentityContext identity, HuggingFaceProfile profile) {
        identity.setId(profile.subject());
        identity.setBrokerUserId(getConfig().getAlias() + "." + profile.subject());
        identity.setUsername(profile.username());
        identity.setEmail(profile.email());
        PersonName name = profile.personName();
        identity.setFirstName(name.firstName());
        identity.setLastName(name.lastName());
        // Mappers (ours and Keycloak's claim mappers) read every claim, userinfo merged over the ID token.
        // A plain JSON tree survives Keycloak serializing the context during the first-login flow.
        identity.getContextData().put(USER_INFO, profile.claims());
    }

    /**
     * Email is marked verified only when Keycloak's rule says so ("Trust email" on) and HF said
     * {@code email_verified: true}; anything else from HF leaves it unverified. (Going through
     * Keycloak's rule, not reading the trust flag, keeps one JAR working on Keycloak 26.4 to 26.7.)
     */
    @Override
    protected void setEmailVerified(UserModel user, BrokeredIdentityContext context) {
        super.setEmailVerified(user, context);
        if (user.isEmailVerified() && !verifiedByHuggingFace(context)) {
            user.setEmailVerified(false);
        }
    }

    /** True only when Hugging Face said {@code email_verified: true} for this login. */
    private static boolean verifiedByHuggingFace(BrokeredIdentityContext context) {
        return HuggingFaceProfileParser.fromContext(context.getContextData())
                .map(HuggingFaceProfile::emailVerified).orElse(false);
    }

    /**
     * Keycloak 26.0-26.2 mark a new user's email verified right after this, when "Trust email" is on;
     * the first-login flow started afresh, so the guard is set again here ({@link LegacyTrustEmailGuard}).
     */
    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        super.importNewUser(session, realm, user, context);
        LegacyTrustEmailGuard.apply(context.getAuthenticationSession(), verifiedByHuggingFace(context));
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context) {
        super.preprocessFederatedIdentity(session, realm, context);
        new UsernameSync(session, realm, getConfig()).rememberPreviousHandle(context);
    }

    /** With sync mode FORCE the Keycloak username follows a rename on Hugging Face ({@link UsernameSync}). */
    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user,
                                   BrokeredIdentityContext context) {
        super.updateBrokeredUser(session, realm, user, context);
        new UsernameSync(session, realm, getConfig()).apply(user, context);
    }

    /**
     * {@code GET /realms/{realm}/broker/{alias}/token} ("Store tokens" on): a live Hugging Face access
     * token, refreshed under a lock when it is about to expire, without HF's refresh token.
     */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        RealmModel realm = session.getContext().getRealm();
        HubTokenResult result = new HubTokenService(session, getConfig()).liveToken(realm, identity.getUserId());
        return HubTokenAnswers.forBrokerTokenEndpoint(session, realm, getConfig().getAlias(), result);
    }

    /**
     * Brokering API V2 ({@code POST .../token}, Keycloak 26.7+): Keycloak's own method would refresh the
     * user-session copy of HF's tokens outside any lock, so concurrent requests each spend the rotating
     * refresh token. With "Store tokens" on, V2 takes the stored grant's single-flight path instead
     * ({@link HubTokenService}). Keycloak before 26.7 has no such method and never calls it.
     */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity, UserSessionModel userSession,
                                  UserModel user) {
        if (!Boolean.TRUE.equals(getConfig().isStoreToken())) {
            return super.retrieveToken(session, identity, userSession, user);
        }
        return exchangeStoredToken(session.getContext().getUri(), null, null, userSession, user);
    }

    /** Token exchange to this provider ({@code requested_issuer=<alias>}) hands out the same live token. */
    @Override
    protected Response exchangeStoredToken(UriInfo uriInfo, EventBuilder event, ClientModel authorizedClient,
                                           UserSessionModel tokenUserSession, UserModel tokenSubject) {
        RealmModel realm = authorizedClient != null ? authorizedClient.getRealm() : session.getContext().getRealm();
        FederatedIdentityModel link = session.users().getFederatedIdentity(realm, tokenSubject, getConfig().getAlias());
        HubTokenResult result = link == null || link.getToken() == null ? new HubTokenResult.NotLinked()
                : new HubTokenService(session, getConfig()).liveToken(realm, link.getUserId());
        if (result instanceof HubTokenResult.Live live) {
            if (event != null) {
                event.success();
            }
            return HubTokenAnswers.forTokenExchange(live);
        }
        if (event != null) {
            event.detail(Details.REASON, result.getClass().getSimpleName()).error(Errors.INVALID_TOKEN);
        }
        if (result instanceof HubTokenResult.NotLinked) {
            return exchangeNotLinked(uriInfo, authorizedClient, tokenUserSession, tokenSubject);
        }
        if (result instanceof HubTokenResult.ReauthenticationRequired) {
            // Keycloak's answer for this case carries the account-link URL that signs the user in to HF again.
            return exchangeTokenExpired(uriInfo, authorizedClient, tokenUserSession, tokenSubject);
        }
        return HubTokenAnswers.forTokenExchangeFailure(result);
    }

    /**
     * External Hugging Face tokens are not exchanged for Keycloak tokens (token exchange v1,
     * {@code subject_issuer=<alias>}): Keycloak would check them only against HF's userinfo, so a
     * token issued to any HF app would pass, bypassing the audience, the nonce, the organization
     * allow-list and the email rule of a browser sign-in. Keycloak answers {@code invalid_issuer}.
     */
    @Override
    protected boolean supportsExternalExchange() {
        return InheritedDoors.externalTokenExchange();
    }

    /** Keycloak 26.6+ asks which doors the provider opens: the browser sign-in only ({@link InheritedDoors}). */
    @Override
    public boolean isType(KeycloakSession session, IdentityProviderType type) {
        return InheritedDoors.admits(type.name()) && super.isType(session, type);
    }

    /** The JWT Authorization Grant (Keycloak 26.5+) is shut ({@link InheritedDoors}); Keycloak answers invalid_grant. */
    @Override
    public BrokeredIdentityContext validateAuthorizationGrantAssertion(JWTAuthorizationGrantValidationContext context) {
        throw new IdentityBrokerException(InheritedDoors.JWT_AUTHORIZATION_GRANT_REFUSED);
    }

    /** Federated client assertions (Keycloak 26.4+) are shut ({@link InheritedDoors}); Keycloak answers invalid_client. */
    @Override
    public boolean verifyClientAssertion(ClientAuthenticationFlowContext context) {
        return InheritedDoors.clientAssertions();
    }

    /** HF's keys are no trust material for attestations (Keycloak 26.7+, {@link InheritedDoors}). */
    @Override
    public Stream<JWK> resolveKeys(TrustMaterialRequest request) {
        return InheritedDoors.trustMaterial() ? super.resolveKeys(request) : Stream.empty();
    }

    /** Keycloak's generic OIDC claim mappers work on HF's claims too, so the admin console offers them. */
    @Override
    public boolean isMapperSupported(IdentityProviderMapper mapper) {
        return super.isMapperSupported(mapper)
                || Arrays.asList(mapper.getCompatibleProviders()).contains(OIDCIdentityProviderFactory.PROVIDER_ID);
    }
}
