package io.indicate.superset;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through to the real Superset that answers one chosen write (the n-th request that is neither a GET nor
 * the login) with HTTP 500 instead of forwarding it: a sync that breaks at that point, as a network fault or a
 * Superset error would break it.
 */
final class FaultyProxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "upgrade", "expect",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile int failAt = -1;
    private volatile String failed;
    private final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    FaultyProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The {@code n}-th write from now on (1-based) fails. */
    void failAtWrite(int n) {
        writes.set(0);
        sent.clear();
        failed = null;
        failAt = n;
    }

    /** Every write since the last {@link #failAtWrite}, as "METHOD path", the failed one included. */
    List<String> writes() {
        return List.copyOf(sent);
    }

    /** The write that was made to fail ("METHOD path"), or null when the sync sent fewer writes. */
    String failed() {
        return failed;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean write = !method.equals("GET") && !ex.getRequestURI().getPath().equals("/api/v1/security/login");
            if (write) sent.add(method + " " + ex.getRequestURI().getPath());
            if (write && writes.incrementAndGet() == failAt) {
                failed = method + " " + ex.getRequestURI().getPath();
                respond(ex, 500, Map.of("Content-Type", List.of("application/json")),
                        "{\"message\": \"injected failure\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) values.forEach(v -> b.header(name, v));
            });
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            respond(ex, r.statusCode(), r.headers().map(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange ex, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) ex.getResponseHeaders().put(name, values);
        });
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
