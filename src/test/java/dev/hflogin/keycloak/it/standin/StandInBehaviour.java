package dev.hflogin.keycloak.it.standin;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Switches that make the stand-in misbehave on purpose. Everything here is off by default
 * and reset() puts it back; settings hold until reset, "next" responses fire once.
 */
public final class StandInBehaviour {

    public static final Duration DEFAULT_CODE_LIFETIME = Duration.ofSeconds(60);

    private volatile UnaryOperator<JWTClaimsSet> idTokenCustomizer = UnaryOperator.identity();
    private volatile SigningMode signingMode = SigningMode.NORMAL;
    private volatile String userInfoSubOverride;
    private volatile Duration codeLifetime = DEFAULT_CODE_LIFETIME;
    private volatile boolean reportGrantedScope = true;
    private volatile Duration accessTokenLifetime = TokenStore.ACCESS_TOKEN_LIFETIME;
    private volatile boolean issueRefreshTokens = true;
    private volatile DeadGrantAnswer deadGrantAnswer = DeadGrantAnswer.INVALID_GRANT;
    private volatile boolean authorizeErrorsOnPage;
    private final AtomicReference<CannedResponse> nextTokenResponse = new AtomicReference<>();
    private final AtomicReference<CannedResponse> nextUserInfoResponse = new AtomicReference<>();
    private final AtomicReference<CannedResponse> nextJwksResponse = new AtomicReference<>();
    private volatile CannedResponse jwksOutage;
    private volatile AnswerGate userInfoGate;

    /** Rewrites the claims of every ID token issued from now on, before signing. */
    public StandInBehaviour customizeIdTokens(UnaryOperator<JWTClaimsSet> customizer) {
        this.idTokenCustomizer = Objects.requireNonNull(customizer);
        return this;
    }

    public StandInBehaviour signingMode(SigningMode mode) {
        this.signingMode = Objects.requireNonNull(mode);
        return this;
    }

    /** Userinfo answers with this sub instead of the user's real one (null = off). */
    public StandInBehaviour userInfoSub(String sub) {
        this.userInfoSubOverride = sub;
        return this;
    }

    public StandInBehaviour codeLifetime(Duration lifetime) {
        this.codeLifetime = Objects.requireNonNull(lifetime);
        return this;
    }

    /** Whether token responses carry {@code scope} (what was granted); HF's documentation does not promise it. */
    public StandInBehaviour reportGrantedScope(boolean report) {
        this.reportGrantedScope = report;
        return this;
    }

    /** Lifetime of the access tokens issued from now on (HF's is 8 hours), so expiry takes seconds in a test. */
    public StandInBehaviour accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = Objects.requireNonNull(lifetime);
        return this;
    }

    /** Whether grants come with a refresh token; HF has issued grants without one (its chat-ui had to cope). */
    public StandInBehaviour issueRefreshTokens(boolean issue) {
        this.issueRefreshTokens = issue;
        return this;
    }

    /** How a refresh with a dead refresh token is answered. */
    public StandInBehaviour deadGrantAnswer(DeadGrantAnswer answer) {
        this.deadGrantAnswer = Objects.requireNonNull(answer);
        return this;
    }

    /**
     * Authorize errors that could go back to the app (an invalid scope, ...) are shown on the stand-in's
     * own page instead, with no redirect back: the user is left on Hugging Face.
     */
    public StandInBehaviour authorizeErrorsOnPage(boolean onPage) {
        this.authorizeErrorsOnPage = onPage;
        return this;
    }

    /** The next /oauth/token call gets this reply and changes no state. */
    public StandInBehaviour replaceNextTokenResponse(CannedResponse response) {
        nextTokenResponse.set(response);
        return this;
    }

    /** The next /oauth/userinfo call gets this reply. */
    public StandInBehaviour replaceNextUserInfoResponse(CannedResponse response) {
        nextUserInfoResponse.set(response);
        return this;
    }

    /** The next /oauth/jwks call gets this reply, e.g. a 503 or a reply slower than the client waits. */
    public StandInBehaviour replaceNextJwksResponse(CannedResponse response) {
        nextJwksResponse.set(response);
        return this;
    }

    /** Every /oauth/jwks call gets this reply until reset: an outage, not a single failed answer. */
    public StandInBehaviour jwksOutage(CannedResponse response) {
        this.jwksOutage = response;
        return this;
    }

    /**
     * The next {@code requests} userinfo calls are answered together, once all have arrived (each waits at
     * most {@code max}): sign-ins started together reach Keycloak's mappers at the same moment.
     */
    public StandInBehaviour holdUserInfoUntil(int requests, Duration max) {
        this.userInfoGate = new AnswerGate(requests, max);
        return this;
    }

    public void reset() {
        idTokenCustomizer = UnaryOperator.identity();
        signingMode = SigningMode.NORMAL;
        userInfoSubOverride = null;
        codeLifetime = DEFAULT_CODE_LIFETIME;
        reportGrantedScope = true;
        accessTokenLifetime = TokenStore.ACCESS_TOKEN_LIFETIME;
        issueRefreshTokens = true;
        deadGrantAnswer = DeadGrantAnswer.INVALID_GRANT;
        authorizeErrorsOnPage = false;
        nextTokenResponse.set(null);
        nextUserInfoResponse.set(null);
        nextJwksResponse.set(null);
        jwksOutage = null;
        userInfoGate = null;
    }

    /** Waits at the userinfo gate, if one is set; whether every held call had arrived. */
    boolean passUserInfoGate() {
        AnswerGate gate = userInfoGate;
        return gate == null || gate.pass();
    }

    UnaryOperator<JWTClaimsSet> idTokenCustomizer() {
        return idTokenCustomizer;
    }

    SigningMode signingMode() {
        return signingMode;
    }

    String userInfoSubOverride() {
        return userInfoSubOverride;
    }

    Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    boolean issueRefreshTokens() {
        return issueRefreshTokens;
    }

    DeadGrantAnswer deadGrantAnswer() {
        return deadGrantAnswer;
    }

    boolean authorizeErrorsOnPage() {
        return authorizeErrorsOnPage;
    }

    boolean reportGrantedScope() {
        return reportGrantedScope;
    }

    Duration codeLifetime() {
        return codeLifetime;
    }

    Optional<CannedResponse> takeTokenResponse() {
        return Optional.ofNullable(nextTokenResponse.getAndSet(null));
    }

    Optional<CannedResponse> takeUserInfoResponse() {
        return Optional.ofNullable(nextUserInfoResponse.getAndSet(null));
    }

    Optional<CannedResponse> takeJwksResponse() {
        CannedResponse next = nextJwksResponse.getAndSet(null);
        return Optional.ofNullable(next != null ? next : jwksOutage);
    }
}
