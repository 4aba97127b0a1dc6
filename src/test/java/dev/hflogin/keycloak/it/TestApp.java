package dev.hflogin.keycloak.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The application a user signs in to: Keycloak redirects here with the authorization code. The
 * page just says so; the test exchanges the code itself, as the app's back end would.
 */
public final class TestApp implements AutoCloseable {

    public static final String SIGNED_IN_TITLE = "Test app: signed in";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    private TestApp(HttpServer server) {
        this.server = server;
    }

    public static TestApp start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            TestApp app = new TestApp(server);
            server.createContext("/callback", exchange -> {
                byte[] body = ("<!doctype html><html><head><title>" + SIGNED_IN_TITLE + "</title></head>"
                        + "<body><h1>" + SIGNED_IN_TITLE + "</h1></body></html>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(app.executor);
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
