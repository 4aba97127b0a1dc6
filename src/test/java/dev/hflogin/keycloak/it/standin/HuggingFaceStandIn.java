package dev.hflogin.keycloak.it.standin;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Hugging Face's OAuth/OIDC server on 127.0.0.1 (or another address of this
 * machine, over https: see {@link ListenAddress}), for integration tests and demos. The issuer is exactly {@link #baseUrl()}. See the reference notes in
 * shared/reference/huggingface-oauth.md for the behaviour it follows.
 */
public final class HuggingFaceStandIn implements AutoCloseable {

    /** Enough for concurrent logins; small so a runaway test cannot spawn threads without end. */
    private static final int THREADS = 16;

    private final Map<String, OAuthApp> apps = new ConcurrentHashMap<>();
    private final UserDirectory users = new UserDirectory();
    private final TokenStore tokens = new TokenStore();
    private final SigningKeys keys = new SigningKeys();
    private final StandInBehaviour behaviour = new StandInBehaviour();
    private final RequestLog log = new RequestLog();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private HuggingFaceStandIn(ListenAddress listen) throws IOException {
        InetSocketAddress socket = new InetSocketAddress(listen.address(), listen.port());
        if (listen.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(socket, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(listen.tls().get()));
            server = https;
        } else {
            server = HttpServer.create(socket, 0);
        }
        baseUrl = listen.baseUrl(server.getAddress().getPort());
        executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        PendingAuthorizations pending = new PendingAuthorizations();
        IdTokenIssuer idTokens = new IdTokenIssuer(baseUrl, keys, behaviour);
        server.createContext("/", new NotFoundHandler(log));
        server.createContext(DiscoveryHandler.PATH, new DiscoveryHandler(log, baseUrl));
        server.createContext(AuthorizeHandler.PATH, new AuthorizeHandler(log, apps::get, pending, users, behaviour));
        server.createContext(HtmlPages.DECISION_PATH, new DecisionHandler(log, pending, users, tokens, behaviour));
        server.createContext(TokenHandler.PATH, new TokenHandler(log, new ClientAuthenticator(apps::get), tokens,
                users, idTokens, behaviour));
        server.createContext(UserInfoHandler.PATH, new UserInfoHandler(log, tokens, users, behaviour));
        server.createContext(DiscoveryHandler.JWKS_PATH, new JwksHandler(log, keys, behaviour));
        server.createContext(AvatarHandler.PREFIX, new AvatarHandler(log));
        server.start();
    }

    /** Starts on a free port. */
    public static HuggingFaceStandIn start() {
        return start(0);
    }

    public static HuggingFaceStandIn start(int port) {
        return start(ListenAddress.loopback(port));
    }

    public static HuggingFaceStandIn start(ListenAddress listen) {
        try {
            return new HuggingFaceStandIn(listen);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Hugging Face stand-in on " + listen.address() + ":" + listen.port(), e);
        }
    }

    /** e.g. http://127.0.0.1:43123 (https://172.17.0.1:43123 for a container), no trailing slash; also the issuer. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The stand-in's own avatar image for a handle (huggingface.co's image CDN is out of reach of tests and demos). */
    public String avatarUrl(String handle) {
        return baseUrl + AvatarHandler.PREFIX + handle + ".svg";
    }

    public String issuer() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String discoveryUrl() {
        return baseUrl + DiscoveryHandler.PATH;
    }

    public String authorizationEndpoint() {
        return baseUrl + AuthorizeHandler.PATH;
    }

    public String tokenEndpoint() {
        return baseUrl + TokenHandler.PATH;
    }

    public String userInfoEndpoint() {
        return baseUrl + UserInfoHandler.PATH;
    }

    public String jwksUri() {
        return baseUrl + DiscoveryHandler.JWKS_PATH;
    }

    /** Registers or replaces (same client id) an OAuth app. */
    public HuggingFaceStandIn registerApp(OAuthApp app) {
        IssuedSecrets.issued(app.clientSecret());
        apps.put(app.clientId(), app);
        return this;
    }

    public Optional<OAuthApp> app(String clientId) {
        return Optional.ofNullable(apps.get(clientId));
    }

    /** Adds the user (replacing one with the same sub); the first user is the page's default. */
    public HfUser addUser(HfUser user) {
        return users.add(user);
    }

    public Optional<HfUser> user(String handle) {
        return users.byHandle(handle);
    }

    public Optional<HfUser> userBySub(String sub) {
        return users.bySub(sub);
    }

    public boolean removeUser(String sub) {
        return users.remove(sub);
    }

    /** Handle prefilled in the sign-in form. */
    public HuggingFaceStandIn defaultUsername(String handle) {
        users.defaultHandle(handle);
        return this;
    }

    /** Like revoking the app on HF: all codes and tokens of that user stop working. */
    public void revokeTokens(String userSub) {
        tokens.revokeUser(userSub);
    }

    /** New current signing key; the previous ones stay in the JWKS. */
    public void rotateKeys() {
        rotateKeys(true);
    }

    public void rotateKeys(boolean keepPreviousKeys) {
        keys.rotate(keepPreviousKeys);
    }

    /** kids in the JWKS, current key first. */
    public List<String> publishedKeyIds() {
        return keys.publishedKeyIds();
    }

    public StandInBehaviour behaviour() {
        return behaviour;
    }

    public List<RecordedRequest> requests() {
        return log.all();
    }

    /** Requests to one path, e.g. "/oauth/token". */
    public List<RecordedRequest> requests(String path) {
        return log.forPath(path);
    }

    public void clearRequests() {
        log.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Runs the stand-in until killed: see {@link LaunchOptions} for the arguments. */
    public static void main(String[] args) throws InterruptedException {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        HuggingFaceStandIn standIn = start(options.port());
        DemoUsers.addTo(standIn);
        options.app().ifPresent(standIn::registerApp);
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println(HtmlPages.BANNER);
        System.out.println("Issuer / base URL: " + standIn.baseUrl());
        System.out.println("Discovery: " + standIn.discoveryUrl());
        options.app().ifPresent(app -> System.out.println("Registered app " + app.clientId()
                + (app.isPublic() ? " (public, PKCE required)" : " (confidential)")
                + " redirect URIs " + app.redirectUris() + " scopes " + app.scopes()));
        System.out.println("Demo users: " + DemoUsers.HANDLES);
        new CountDownLatch(1).await();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "hf-standin-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
