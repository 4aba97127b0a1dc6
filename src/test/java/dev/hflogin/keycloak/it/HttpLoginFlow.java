package dev.hflogin.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static dev.hflogin.keycloak.it.AdminClient.encode;

/**
 * "Sign in with Hugging Face" as a browser performs it, over plain HTTP: open the app's login URL on
 * Keycloak, follow the page's Hugging Face button, sign in and allow on the (stand-in's) consent form,
 * and follow the redirects until Keycloak sends the browser back to the app's redirect URI. Each
 * sign-in has its own cookies. Thread-safe: one instance serves many concurrent sign-ins.
 */
public final class HttpLoginFlow {

    /** Where a sign-in ended and what it took. */
    public record SignIn(URI endUrl, Duration elapsed, int requests) {
        /** The authorization code Keycloak gave the app. */
        public Optional<String> code() {
            return queryParameter(endUrl, "code");
        }
    }

    /** A sign-in that did not get back to the app; says where it stopped and what the page said. */
    public static final class SignInFailed extends RuntimeException {
        SignInFailed(String step, URI at, int status, String body) {
            super(step + " failed at " + at + " (HTTP " + status + ", '" + HtmlScraper.title(body) + "'): "
                    + body.substring(0, Math.min(body.length(), 600)));
        }
    }

    private record Page(URI uri, int status, String body, boolean backAtApp) {
    }

    /** What Chrome asks for when it loads a page. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** Far more than a sign-in needs (about five); stops a redirect loop. */
    private static final int MAX_REDIRECTS = 15;

    private final HttpClient http;
    private final String buttonId;
    private final Duration requestTimeout;
    private final UnaryOperator<URI> route;

    /** For Keycloak's "Hugging Face" button ({@code social-huggingface}), 30 s per request. */
    public HttpLoginFlow() {
        this("social-" + TestRealm.IDP_ALIAS, Duration.ofSeconds(30));
    }

    public HttpLoginFlow(String buttonId, Duration requestTimeout) {
        this(buttonId, requestTimeout, UnaryOperator.identity());
    }

    /**
     * @param route where each request is really sent (a load balancer in front of cluster nodes): the
     *              URLs the pages and redirects name stay as they are, for cookies and the app's redirect URI
     */
    public HttpLoginFlow(String buttonId, Duration requestTimeout, UnaryOperator<URI> route) {
        this.buttonId = buttonId;
        this.requestTimeout = requestTimeout;
        this.route = route;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // by hand, to carry our own cookies
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * One complete sign-in as {@code hfHandle}.
     *
     * @param realmAuthUrl the app's authorization URL on Keycloak; its {@code redirect_uri} marks the end
     * @throws SignInFailed when the flow does not end back at the app with a code
     */
    public SignIn signIn(String realmAuthUrl, String hfHandle) {
        return signIn(realmAuthUrl, hfHandle, () -> { });
    }

    /** The same, running {@code atHuggingFace} while the user is on Hugging Face's consent page. */
    public SignIn signIn(String realmAuthUrl, String hfHandle, Runnable atHuggingFace) {
        URI authUrl = URI.create(realmAuthUrl);
        String appRedirect = queryParameter(authUrl, "redirect_uri")
                .orElseThrow(() -> new IllegalArgumentException("no redirect_uri in " + realmAuthUrl));
        Session session = new Session(appRedirect);
        long started = System.nanoTime();

        Page login = session.get(authUrl);
        URI button = login.uri().resolve(HtmlScraper.attributeOfId(login.body(), buttonId, "href")
                .orElseThrow(() -> failed("Keycloak's login page has no #" + buttonId, login)));
        Page consent = session.get(button);
        String requestId = HtmlScraper.inputValue(consent.body(), "request_id")
                .orElseThrow(() -> failed("Hugging Face's consent page has no request_id", consent));
        URI decision = consent.uri().resolve(HtmlScraper.formAction(consent.body())
                .orElseThrow(() -> failed("Hugging Face's consent page has no form", consent)));
        atHuggingFace.run();
        Page end = session.post(decision, "request_id=" + encode(requestId) + "&username=" + encode(hfHandle)
                + "&decision=allow");
        if (!end.backAtApp() || queryParameter(end.uri(), "code").isEmpty()) {
            throw failed("Signing in as " + hfHandle + " did not get back to the app with a code", end);
        }
        return new SignIn(end.uri(), Duration.ofNanos(System.nanoTime() - started), session.requests.get());
    }

    private static SignInFailed failed(String step, Page page) {
        return new SignInFailed(step, page.uri(), page.status(), page.body());
    }

    /** One sign-in's cookies and request count. */
    private final class Session {
        private final String appRedirect;
        private final LoopbackCookieJar cookies = new LoopbackCookieJar();
        private final AtomicInteger requests = new AtomicInteger();

        Session(String appRedirect) {
            this.appRedirect = appRedirect;
        }

        Page get(URI uri) {
            return follow(uri, HttpRequest.newBuilder(uri).GET());
        }

        Page post(URI uri, String form) {
            return follow(uri, HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        /** Sends, then follows redirects with GET as browsers do, stopping at the app's redirect URI. */
        private Page follow(URI uri, HttpRequest.Builder first) {
            HttpResponse<String> response = send(uri, first);
            for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
                Optional<String> location = response.headers().firstValue("Location");
                if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                    return new Page(uri, response.statusCode(), response.body(), false);
                }
                uri = uri.resolve(location.get());
                if (uri.toString().startsWith(appRedirect)) {
                    return new Page(uri, response.statusCode(), "", true); // the app's page is not ours to load
                }
                response = send(uri, HttpRequest.newBuilder(uri).GET());
            }
            throw new SignInFailed("More than " + MAX_REDIRECTS + " redirects", uri, response.statusCode(), response.body());
        }

        private HttpResponse<String> send(URI uri, HttpRequest.Builder request) {
            request.header("Accept", BROWSER_ACCEPT); // so an error is answered with Keycloak's page, as a browser gets it
            String cookie = cookies.header(uri);
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            requests.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(request.uri(route.apply(uri)).timeout(requestTimeout).build(),
                        HttpResponse.BodyHandlers.ofString());
                cookies.store(uri, response.headers().allValues("Set-Cookie"));
                return response;
            } catch (IOException e) {
                throw new UncheckedIOException("request to " + uri + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a request to " + uri, e);
            }
        }
    }

    private static Optional<String> queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
