package io.indicate.crm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.indicate.progress.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP extraction against a local server playing the Zendesk export: per cursor a queue of responses
 * (status, headers, body), answered in order; every request's query and Authorization header is recorded.
 */
class ZendeskExtractTest {
    private static final String TOKEN = "s3cret-token-value-42";

    record Reply(int status, String retryAfter, String body) {}

    HttpServer server;
    String base;
    final Map<String, Deque<Reply>> replies = new HashMap<>();
    final List<String> requested = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> waits = new ArrayList<>();
    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/incremental/tickets/cursor.json", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/incremental/tickets/cursor.json";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        requested.add(query);
        authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
        Deque<Reply> queue = replies.get(query);
        Reply r = queue == null || queue.isEmpty() ? new Reply(404, null, "{}") : queue.poll();
        if (r.retryAfter() != null) ex.getResponseHeaders().add("Retry-After", r.retryAfter());
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(r.status(), body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private void serve(String query, Reply... rs) {
        replies.computeIfAbsent(query, q -> new ArrayDeque<>()).addAll(List.of(rs));
    }

    private String page(int ticketId, String afterCursor, boolean end) {
        return "{\"tickets\": [{\"id\": " + ticketId + ", \"updated_at\": \"2026-03-10T09:00:00Z\"}], \"after_cursor\": \"" + afterCursor
                + "\", \"after_url\": \"" + base + "?cursor=" + afterCursor + "\", \"end_of_stream\": " + end + "}";
    }

    private ZendeskExtract extract() {
        return extract(null);
    }

    private ZendeskExtract extract(String email) {
        return new ZendeskExtract(email, TOKEN, waits::add, Duration.ofSeconds(1), 4, new Progress(new PrintStream(output, true, StandardCharsets.UTF_8)));
    }

    private static List<String> pages(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aSecondRunContinuesFromTheStoredCursorAndA429WaitsTheRetryAfterSeconds(@TempDir Path out) throws Exception {
        serve("start_time=0", new Reply(200, null, page(1, "c1", false)));
        serve("cursor=c1", new Reply(429, "7", "{\"error\": \"rate limited\"}"), new Reply(200, null, page(2, "c2", true)));
        assertEquals(new ZendeskExtract.Result(2, true), extract().run(base + "?start_time=0", out));
        assertEquals(List.of(Duration.ofSeconds(7)), waits, "the wait the server asked for");
        assertEquals(base + "?cursor=c2", Files.readString(out.resolve(".cursor")));

        serve("cursor=c2", new Reply(200, null, page(3, "c3", true)));
        assertEquals(new ZendeskExtract.Result(1, true), extract().run(base + "?start_time=0", out));
        assertEquals(List.of("start_time=0", "cursor=c1", "cursor=c1", "cursor=c2"), requested,
                "the second run does not start again at start_time=0");
        List<String> landed = pages(out);
        assertEquals(3, landed.size());
        assertTrue(Files.readString(out.resolve(landed.get(2))).contains("\"id\": 3"), "pages sort in the order they came");
    }

    @Test
    void a503IsRetriedWithBackoffUntilThePageComes(@TempDir Path out) throws Exception {
        serve("start_time=0", new Reply(503, null, "busy"), new Reply(502, null, "busy"), new Reply(200, null, page(1, "c1", true)));
        assertEquals(new ZendeskExtract.Result(1, true), extract().run(base + "?start_time=0", out));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), waits, "doubling waits");
    }

    @Test
    void aServerThatKeepsFailingEndsTheRunWithTheCursorUnchanged(@TempDir Path out) throws Exception {
        serve("start_time=0", new Reply(200, null, page(1, "c1", false)));
        serve("cursor=c1", new Reply(500, null, "x"), new Reply(500, null, "x"), new Reply(500, null, "x"), new Reply(500, null, "x"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> extract().run(base + "?start_time=0", out));
        assertTrue(e.getMessage().contains("after 4 attempts (last: HTTP 500)"), e.getMessage());
        assertEquals(base + "?cursor=c1", Files.readString(out.resolve(".cursor")), "the next run retries the failed page");
    }

    @Test
    void aPageThatIsNotJsonIsLandedForQuarantineAndStopsTheRun(@TempDir Path out) throws Exception {
        serve("start_time=0", new Reply(200, null, page(1, "c1", false)));
        serve("cursor=c1", new Reply(200, null, "<html>maintenance</html>"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> extract().run(base + "?start_time=0", out));
        assertTrue(e.getMessage().startsWith("page 2 is not valid JSON"), e.getMessage());
        assertEquals(2, pages(out).size());
        assertEquals(base + "?cursor=c1", Files.readString(out.resolve(".cursor")));
    }

    @Test
    void theTokenIsSentAsABearerTokenAndNeverPrinted(@TempDir Path out) throws Exception {
        serve("start_time=0", new Reply(429, "1", "{}"), new Reply(503, null, "{}"), new Reply(200, null, page(1, "c1", false)));
        serve("cursor=c1", new Reply(401, null, "{\"error\": \"Couldn't authenticate you\"}"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> extract().run(base + "?start_time=0", out));
        assertTrue(authorizations.stream().allMatch(("Bearer " + TOKEN)::equals), authorizations.toString());
        String printed = output.toString(StandardCharsets.UTF_8) + e.getMessage();
        assertTrue(printed.contains("the token was refused"), printed);
        assertFalse(printed.contains(TOKEN), printed);
        for (String name : pages(out)) assertFalse(Files.readString(out.resolve(name)).contains(TOKEN));
    }

    @Test
    void withAnEmailTheTokenIsSentAsAZendeskApiToken(@TempDir Path out) throws Exception {
        serve("start_time=0", new Reply(200, null, page(1, "c1", true)));
        extract("agent@example.com").run(base + "?start_time=0", out);
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(("agent@example.com/token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), authorizations);
        assertFalse(output.toString(StandardCharsets.UTF_8).contains(TOKEN));
    }

    @Test
    void theTokenGoesOnlyToTheConfiguredOriginNeverAlongARedirectOrToAnotherHost(@TempDir Path out) throws Exception {
        String elsewhere = "http://127.0.0.2:" + server.getAddress().getPort() + "/steal";
        serve("start_time=0", new Reply(200, null, page(1, "c1", false).replace(base + "?cursor=c1", elsewhere + "?cursor=c1")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> extract().run(base + "?start_time=0", out));
        assertTrue(e.getMessage().startsWith("refusing to send the token to " + elsewhere), e.getMessage());
        assertEquals(List.of("start_time=0"), requested, "nothing was sent to the other address");

        server.createContext("/moved", ex -> {
            requested.add("moved");
            ex.getResponseHeaders().add("Location", base + "?start_time=0");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        String moved = "http://127.0.0.1:" + server.getAddress().getPort() + "/moved";
        IllegalStateException r = assertThrows(IllegalStateException.class, () -> extract().run(moved, out.resolve("b")));
        assertTrue(r.getMessage().startsWith("HTTP 302 from " + moved + ": redirects are not followed"), r.getMessage());
        assertEquals(List.of("start_time=0", "moved"), requested, "the redirect was not followed");

        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> extract().run("http://zendesk.example.com/api/v2/incremental/tickets/cursor.json", out.resolve("c")));
        assertEquals("--url must be https (the token is sent with every request), got http://zendesk.example.com", plain.getMessage());
    }
}
