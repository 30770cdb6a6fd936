package io.indicate.airflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server that answers like Airflow from a script: for each "METHOD /path" a queue of answers, the
 * last one repeated. Records every request so tests can check what the client sent.
 */
final class StubAirflow implements AutoCloseable {
    record Answer(int status, String body, Duration delay) {
    }

    record Request(String method, String path, String query, String authorization, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** One thread per request, so that a deliberately slow answer does not hold up the client's retry. */
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Deque<Answer>> script = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    StubAirflow() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next request to {@code method path} (path without query) with these, one per request. */
    synchronized StubAirflow on(String method, String path, Answer... answers) {
        script.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    static Answer json(int status, String body) {
        return new Answer(status, body, Duration.ZERO);
    }

    static Answer slow(Duration delay, int status, String body) {
        return new Answer(status, body, delay);
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method.equals(method) && r.path.equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer;
        synchronized (this) {
            requests.add(new Request(method, path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Deque<Answer> queue = script.get(method + " " + path);
            answer = queue == null || queue.isEmpty() ? json(404, detail("stub: no answer for " + method + " " + path))
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        if (!answer.delay.isZero()) {
            try {
                Thread.sleep(answer.delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException clientGaveUp) {
            // the client timed out and closed the connection: exactly what a timeout test provokes
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** A DAGRunResponse with the fields the client reads. */
    static String run(String runId, String state) {
        ObjectNode run = JSON.createObjectNode()
                .put("dag_id", "indicate_nightly")
                .put("dag_run_id", runId)
                .put("state", state)
                .put("logical_date", "2026-11-26T23:00:00Z");
        run.putNull("start_date");
        run.putNull("end_date");
        return run.toString();
    }

    /** Airflow's HTTPExceptionResponse. */
    static String detail(String text) {
        return JSON.createObjectNode().put("detail", text).toString();
    }
}
